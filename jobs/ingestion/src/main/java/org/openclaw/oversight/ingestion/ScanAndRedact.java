package org.openclaw.oversight.ingestion;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.openclaw.oversight.ingestion.pii.PiiScanner;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.secrets.SecretSource;

/**
 * Step 3 for real-time agents: redacts in the stream; findings go to {@link #FINDINGS}.
 * Metric {@code oversight_pii_findings_total} labelled {@code pii_type}. The pseudonym key is read from
 * {@code piiKey} where the operator opens, so it is never part of the job graph.
 */
public final class ScanAndRedact extends ProcessFunction<CleanEvent, CleanEvent> {

    /** Side output: one row per finding, for {@code oversight.pii_findings}. */
    public static final OutputTag<PiiFindingRow> FINDINGS =
            new OutputTag<>("pii-findings", TypeInformation.of(PiiFindingRow.class));

    private final SecretSource piiKey;
    private transient PiiRedaction redaction;
    private transient LabelledCounters findingsByType;

    public ScanAndRedact(SecretSource piiKey) {
        this.piiKey = piiKey;
    }

    @Override
    public void open(OpenContext context) {
        redaction = new PiiRedaction(PiiScanner.open(piiKey));
        findingsByType = new LabelledCounters(getRuntimeContext().getMetricGroup(), "pii_type", "oversight_pii_findings_total");
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
