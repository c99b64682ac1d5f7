package org.openclaw.oversight.ingestion;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.DeadLetter;

/**
 * Where the job's outputs go, one method per stream. {@link IngestionProductionSinks} attaches the real
 * topics and tables; tests attach collecting or failing ones, or wrap the production sinks.
 */
public interface IngestionSinks {

    /** One per accepted event for the clean topic; batch-scanned agents' copies carry metrics only. */
    void cleanEvents(DataStream<CleanEvent> events);

    /** Redacted events for {@code agent_events} and {@code channel_messages}. */
    void storedEvents(DataStream<CleanEvent> events);

    /** One row per finding for {@code pii_findings} (never the value, only type, place and pseudonym). */
    void piiFindings(DataStream<PiiFindingRow> findings);

    /** Undecodable and refused records. */
    void deadLetters(DataStream<DeadLetter> deadLetters);
}
