package org.openclaw.oversight.ingestion;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.DeadLetter;

/**
 * What the workflow produces, before any sink: {@code cleanEvents} for the clean topic (one per
 * accepted event; batch-scanned agents' copies carry metrics only), {@code storedEvents} for the
 * agent_events / channel_messages tables (redacted text), {@code piiFindings} for pii_findings, and
 * {@code deadLetters} for the DLQ. Tests attach collecting or failing sinks; {@link IngestionSinks}
 * attaches the real ones.
 */
public record IngestionOutputs(
        DataStream<CleanEvent> cleanEvents,
        DataStream<CleanEvent> storedEvents,
        DataStream<PiiFindingRow> piiFindings,
        DataStream<DeadLetter> deadLetters) {}
