package org.openclaw.oversight.cost;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.openclaw.oversight.connectors.kafka.DeadLetterCipher;
import org.openclaw.oversight.connectors.kafka.DeadLetters;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.secrets.SecretSource;
import org.openclaw.oversight.schema.DeadLetter;

/**
 * Events that arrive after a window's allowed lateness: counted ({@code oversight_dead_letters_total{reason="late_event"}})
 * and turned into dead letters, so they are visible on oversight.dlq.v1 instead of silently lost.
 * The event was decoded long before, so the letter carries its id as key (sealed like every dead
 * letter's key, with the DLQ key read in {@link #open}) and no payload (partition/offset -1); the
 * message says which window refused it and when it happened.
 */
public class LateEventDeadLetters extends RichMapFunction<UsageEvent, DeadLetter> {

    public static final String ERROR_CLASS = "late_event";

    private final String windowName;
    private final SecretSource deadLetterKey;
    private transient Counter lateEvents;
    private transient DeadLetterCipher cipher;

    public LateEventDeadLetters(String windowName, SecretSource deadLetterKey) {
        this.windowName = windowName;
        this.deadLetterKey = Objects.requireNonNull(deadLetterKey, "dead-letter key source");
    }

    @Override
    public void open(OpenContext openContext) {
        // the same counter every job keeps for its dead letters, by reason (served as is by the seed-name reporter)
        lateEvents = getRuntimeContext().getMetricGroup().addGroup("reason", ERROR_CLASS).counter("oversight_dead_letters_total");
        cipher = DeadLetterCipher.open(deadLetterKey);
    }

    @Override
    public DeadLetter map(UsageEvent e) {
        lateEvents.inc();
        KafkaRawRecord where = new KafkaRawRecord(Topics.CLEAN_EVENTS, -1, -1L, e.eventTimeMs,
                e.eventId.getBytes(StandardCharsets.UTF_8), null);
        return DeadLetters.of(where, ERROR_CLASS, "event " + e.eventId + " of " + e.tenantId + "/" + e.agentId + " at "
                        + Instant.ofEpochMilli(e.eventTimeMs) + " arrived after the allowed lateness of its " + windowName
                        + " window; it is not in agent_metrics (" + windowName + ")",
                CostAggregationJob.JOB, Instant.now(), cipher);
    }
}
