package org.openclaw.oversight.cost;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.schema.DeadLetter;

/**
 * Events that arrive after a window's allowed lateness: counted (operator metric {@code lateEvents})
 * and turned into dead letters, so they are visible on oversight.dlq.v1 instead of silently lost.
 * The event was decoded long before, so the letter carries its id as key and no payload
 * (partition/offset -1); the message says which window refused it and when it happened.
 */
public class LateEventDeadLetters extends RichMapFunction<UsageEvent, DeadLetter> {

    public static final String ERROR_CLASS = "late_event";

    private final String windowName;
    private transient Counter lateEvents;

    public LateEventDeadLetters(String windowName) {
        this.windowName = windowName;
    }

    @Override
    public void open(OpenContext openContext) {
        lateEvents = getRuntimeContext().getMetricGroup().counter("lateEvents");
    }

    @Override
    public DeadLetter map(UsageEvent e) {
        lateEvents.inc();
        return DeadLetter.newBuilder()
                .setSourceTopic(Topics.CLEAN_EVENTS)
                .setPartition(-1)
                .setOffset(-1)
                .setKey(ByteBuffer.wrap(e.eventId.getBytes(StandardCharsets.UTF_8)))
                .setPayload(null)
                .setErrorClass(ERROR_CLASS)
                .setErrorMessage("event " + e.eventId + " of " + e.tenantId + "/" + e.agentId + " at "
                        + Instant.ofEpochMilli(e.eventTimeMs) + " arrived after the allowed lateness of its " + windowName
                        + " window; it is not in agent_metrics (" + windowName + ")")
                .setJob(CostAggregationJob.JOB)
                .setFailedAt(Instant.now())
                .build();
    }
}
