package org.openclaw.oversight.ingestion;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.openclaw.oversight.ingestion.pii.PiiScanner;
import org.openclaw.oversight.schema.CleanEvent;

/**
 * Step 3 for real-time agents: redacts in the stream; findings go to {@link #FINDINGS}.
 * Metric {@code ingestion.piiFindings} labelled {@code pii_type}.
 */
public final class ScanAndRedact extends ProcessFunction<CleanEvent, CleanEvent> {

    /** Side output: one row per finding, for {@code oversight.pii_findings}. */
    public static final OutputTag<PiiFindingRow> FINDINGS =
            new OutputTag<>("pii-findings", TypeInformation.of(PiiFindingRow.class));

    private final PiiRedaction redaction;
    private transient LabelledCounters findingsByType;

    public ScanAndRedact(PiiScanner scanner) {
        this.redaction = new PiiRedaction(scanner);
    }

    @Override
    public void open(OpenContext context) {
        findingsByType = new LabelledCounters(getRuntimeContext().getMetricGroup().addGroup("ingestion"), "pii_type", "piiFindings");
    }

    @Override
    public void processElement(CleanEvent event, Context context, Collector<CleanEvent> out) {
        PiiRedaction.Redacted redacted = redaction.redact(event);
        for (PiiFindingRow row : redacted.findings()) {
            findingsByType.inc(row.piiType);
            context.output(FINDINGS, row);
        }
        out.collect(redacted.event());
    }
}
