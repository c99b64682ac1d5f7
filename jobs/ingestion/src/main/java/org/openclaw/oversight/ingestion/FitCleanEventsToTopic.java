package org.openclaw.oversight.ingestion;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.openclaw.oversight.connectors.kafka.EncodedSize;
import org.openclaw.oversight.schema.CleanEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The last step before the clean topic: every clean event must fit the topic's size limit
 * ({@code KafkaConnection.maxValueBytes}), or the Kafka sink would fail and the job restart on the
 * same record forever. Records over {@code maxRecordBytes} and ids over {@link EventRules#MAX_ID_BYTES}
 * are dead-lettered before decoding, so only redaction can still make an event too large (a
 * placeholder such as {@code [IP_ADDRESS_1234]} is longer than a short address, so text dense with
 * PII grows). Such an event goes out as its metrics-only form — text and attributes withheld,
 * tag {@value #TAG} — like a sampled-out event; its redacted text is still stored in the tables.
 * Counted as {@code ingestion.withheldTooLarge}. Cheap for ordinary events: it encodes only those
 * whose size bound is near the limit.
 */
public final class FitCleanEventsToTopic extends RichFlatMapFunction<CleanEvent, CleanEvent> {

    /** Tag: text and attributes were withheld from the clean topic because the event would not fit it. */
    public static final String TAG = "withheld_too_large";

    private static final Logger LOG = LoggerFactory.getLogger(FitCleanEventsToTopic.class);

    private final int maxValueBytes;
    private transient Counter withheld;

    public FitCleanEventsToTopic(int maxValueBytes) {
        this.maxValueBytes = maxValueBytes;
    }

    @Override
    public void open(OpenContext context) {
        withheld = getRuntimeContext().getMetricGroup().addGroup("ingestion").counter("withheldTooLarge");
    }

    @Override
    public void flatMap(CleanEvent event, Collector<CleanEvent> out) {
        if (EncodedSize.fits(event, maxValueBytes)) {
            out.collect(event);
            return;
        }
        CleanEvent small = CleanEvents.withoutText(event);
        if (small.getAgentEvent() != null) {
            small.getAgentEvent().setAttributes(Map.of());
        }
        CleanEvents.tag(small, TAG);
        withheld.inc();
        if (EncodedSize.fits(small, maxValueBytes)) {
            LOG.warn("Clean event {} would exceed the topic limit of {} bytes after redaction; published without its text",
                    CleanEvents.dedupeKey(event), maxValueBytes);
            out.collect(small);
        } else {
            // unreachable while ids and records are bounded at decode; never fail the sink for it
            LOG.error("Clean event {} exceeds the topic limit of {} bytes even without text; not published (its row is stored)",
                    CleanEvents.dedupeKey(event), maxValueBytes);
        }
    }
}
