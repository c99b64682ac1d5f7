package org.openclaw.oversight.ingestion;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.openclaw.oversight.config.PiiScanMode;
import org.openclaw.oversight.ingestion.pii.PiiScanner;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.secrets.SecretSource;

/**
 * Routes by the agent's {@code pii_scan} mode. Main output: events scanned in the stream (real-time
 * agents, and any event without text). For a {@code batch} agent's event with text, two copies:
 * the full event to {@link #BATCH_TEXT} (buffered, scanned, then stored), and a metrics-only copy
 * (text removed, tag {@code pii_scan_batch}, attributes and error fields redacted here since it is published
 * before the batch scan) to {@link #METRICS_ONLY}, which goes to the clean topic at once so aggregates and alerts
 * are not delayed. Unscanned text thus leaves this operator only into keyed state.
 */
public final class SplitByPiiScanMode extends ProcessFunction<CleanEvent, CleanEvent> {

    public static final OutputTag<CleanEvent> BATCH_TEXT = new OutputTag<>("pii-batch-text", new AvroTypeInfo<>(CleanEvent.class));
    public static final OutputTag<CleanEvent> METRICS_ONLY = new OutputTag<>("pii-batch-metrics", new AvroTypeInfo<>(CleanEvent.class));

    private final IngestionRules rules;
    private final SecretSource piiKey;
    private transient PiiRedaction redaction;

    /** {@code piiKey} is read where the operator opens (the metrics-only copy's metadata is redacted here). */
    public SplitByPiiScanMode(IngestionRules rules, SecretSource piiKey) {
        this.rules = rules;
        this.piiKey = piiKey;
    }

    @Override
    public void open(OpenContext context) {
        redaction = new PiiRedaction(PiiScanner.open(piiKey));
    }

    @Override
    public void processElement(CleanEvent event, Context context, Collector<CleanEvent> out) {
        if (rules.piiScan(event.getAgentId()) == PiiScanMode.BATCH && CleanEvents.hasText(event)) {
            CleanEvent metrics = redaction.redactMetadata(CleanEvents.withoutText(event));
            CleanEvents.tag(metrics, CleanEvents.TAG_PII_SCAN_BATCH);
            context.output(METRICS_ONLY, metrics);
            context.output(BATCH_TEXT, event);
        } else {
            out.collect(event);
        }
    }
}
