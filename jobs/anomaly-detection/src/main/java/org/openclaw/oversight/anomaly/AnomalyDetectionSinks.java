package org.openclaw.oversight.anomaly;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.DeadLetter;

/**
 * Where the job's outputs go, one method per stream. {@link AnomalyDetectionProductionSinks} attaches the
 * real topic and table; tests attach collecting or failing ones, or wrap the production sinks.
 */
public interface AnomalyDetectionSinks {

    /** Firing, updated and resolved alerts ({@code oversight.alerts.v1}, exactly-once). */
    void alerts(DataStream<Alert> alerts);

    /** Every anomalous minute ({@code oversight.anomalies}, idempotent on (fingerprint, starts_at)). */
    void anomalies(DataStream<AnomalyRow> anomalies);

    /** Undecodable records of the three inputs. */
    void deadLetters(DataStream<DeadLetter> deadLetters);
}
