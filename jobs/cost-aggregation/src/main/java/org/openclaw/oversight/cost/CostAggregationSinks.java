package org.openclaw.oversight.cost;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.DeadLetter;

/**
 * Where the job's outputs go. {@code main} attaches the real database and Kafka sinks
 * ({@link CostAggregationJob#productionSinks}); tests may attach their own.
 */
public interface CostAggregationSinks {

    void agentMetrics1m(DataStream<AgentMetrics> rows);

    void agentMetrics1h(DataStream<AgentMetrics> rows);

    void systemMetrics1m(DataStream<SystemMetrics> rows);

    void alerts(DataStream<Alert> alerts);

    /** Undecodable records and events later than the allowed lateness. */
    void deadLetters(DataStream<DeadLetter> deadLetters);
}
