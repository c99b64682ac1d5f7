package org.openclaw.oversight.enforcement;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.DeadLetter;

/** Where the job's outputs go. {@link PolicyEnforcementProductionSinks} attaches the real table and topics. */
public interface PolicyEnforcementSinks {

    /** One row per (event id, rule) for {@code oversight.policy_violations}. */
    void violations(DataStream<Violation> violations);

    /** PolicyViolation, PiiLeak and PolicyRejected for {@code oversight.alerts.v1}. */
    void alerts(DataStream<Alert> alerts);

    /** Undecodable clean events and control commands. */
    void deadLetters(DataStream<DeadLetter> deadLetters);
}
