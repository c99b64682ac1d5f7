package org.openclaw.oversight.cost;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.DeadLetter;

/**
 * Where the job's outputs go, one method per stream. {@link CostAggregationProductionSinks} attaches the
 * real tables and topics; tests attach collecting or failing ones, or wrap the production sinks.
 */
public interface CostAggregationSinks {

    void agentMetrics1m(DataStream<AgentMetrics> rows);

    void agentMetrics1h(DataStream<AgentMetrics> rows);

    void systemMetrics1m(DataStream<SystemMetrics> rows);

    /** Every fired minute row, per model and over all models, revision 0 on time, +1 per correction ({@code oversight.agent-metrics.v1}). */
    void agentMetricsTopic(DataStream<org.openclaw.oversight.schema.AgentMetrics> rows);

    void alerts(DataStream<Alert> alerts);

    /** Undecodable records and events later than the allowed lateness. */
    void deadLetters(DataStream<DeadLetter> deadLetters);
}
