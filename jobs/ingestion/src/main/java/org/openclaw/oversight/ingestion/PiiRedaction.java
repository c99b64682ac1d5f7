package org.openclaw.oversight.ingestion;

import org.openclaw.oversight.ingestion.pii.PiiFinding;
import org.openclaw.oversight.ingestion.pii.PiiScanner;
import org.openclaw.oversight.ingestion.pii.ScanResult;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.Direction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Step 3 on one event: scans every free-text field — input and output (or the message text), every
 * {@code attributes} value (agents put user ids, e-mails, tool arguments and error messages there), the
 * {@code errorType} of a span and the {@code errorCode} of a message — replaces each finding with the
 * scanner's typed placeholder, sets {@code piiTypes}, and returns one {@link PiiFindingRow} per finding,
 * naming the field ({@code input}, {@code output}, {@code text}, {@code attributes.<key>}, {@code errorType},
 * {@code errorCode}). Attribute keys are names chosen by the agent's code and are kept as they are. The same
 * code serves real-time agents (in the stream) and batch agents (in the buffer flush). Operators make one
 * where they open, from the key they read there; it is never serialized.
 */
public final class PiiRedaction {

    /** The redacted event and where its findings were. */
    public record Redacted(CleanEvent event, List<PiiFindingRow> findings) {}

    /** Prefix of the finding's field for an attribute value: {@code attributes.<key>}. */
    public static final String ATTRIBUTES_FIELD = "attributes.";

    private final PiiScanner scanner;

    public PiiRedaction(PiiScanner scanner) {
        this.scanner = scanner;
    }

    /**
     * Redacts {@code event} in place and returns it with its findings. Callers own the event: operators
     * get their own copy from Flink (object reuse is off), the batch buffer passes a copy of what it buffered.
     */
    public Redacted redact(CleanEvent event) {
        CleanEvent out = event;
        List<PiiFindingRow> rows = new ArrayList<>();
        TreeSet<String> types = new TreeSet<>(out.getPiiTypes());
        // what the agent said, kept apart so policy-enforcement can tell a leak from a user's own data
        TreeSet<String> outputTypes = new TreeSet<>(out.getOutputPiiTypes());
        if (out.getAgentEvent() != null) {
            AgentEvent e = out.getAgentEvent();
            e.setInput(scan(out, "input", e.getInput(), rows, types));
            e.setOutput(scan(out, "output", e.getOutput(), rows, outputTypes));
            types.addAll(outputTypes);
            e.setErrorType(scan(out, "errorType", e.getErrorType(), rows, types));
            e.setAttributes(scanAttributes(out, e.getAttributes(), rows, types));
        } else {
            ChannelMessage m = out.getChannelMessage();
            boolean outbound = m.getDirection() == Direction.OUTBOUND;
            m.setText(scan(out, "text", m.getText(), rows, outbound ? outputTypes : types));
            types.addAll(outputTypes);
            m.setErrorCode(scan(out, "errorCode", m.getErrorCode(), rows, types));
        }
        out.setPiiTypes(new ArrayList<>(types));
        out.setOutputPiiTypes(new ArrayList<>(outputTypes));
        return new Redacted(out, rows);
    }

    /**
     * Redacts only the metadata fields (attributes, errorType, errorCode) of a metrics-only copy whose text was
     * removed, without findings: the batch scan of the full event records them. {@code piiTypes} stays as it is.
     */
    public CleanEvent redactMetadata(CleanEvent event) {
        List<PiiFindingRow> ignored = new ArrayList<>();
        TreeSet<String> types = new TreeSet<>();
        if (event.getAgentEvent() != null) {
            AgentEvent e = event.getAgentEvent();
            e.setErrorType(scan(event, "errorType", e.getErrorType(), ignored, types));
            e.setAttributes(scanAttributes(event, e.getAttributes(), ignored, types));
        } else {
            ChannelMessage m = event.getChannelMessage();
            m.setErrorCode(scan(event, "errorCode", m.getErrorCode(), ignored, types));
        }
        return event;
    }

    private Map<String, String> scanAttributes(CleanEvent event, Map<String, String> attributes,
            List<PiiFindingRow> rows, TreeSet<String> types) {
        if (attributes == null || attributes.isEmpty()) {
            return attributes;
        }
        Map<String, String> redacted = null;
        for (Map.Entry<String, String> entry : attributes.entrySet()) {
            String value = entry.getValue();
            String scanned = scan(event, ATTRIBUTES_FIELD + entry.getKey(), value, rows, types);
            if (scanned != value && !scanned.equals(value)) {
                if (redacted == null) {
                    redacted = new LinkedHashMap<>(attributes);
                }
                redacted.put(entry.getKey(), scanned);
            }
        }
        return redacted == null ? attributes : redacted;
    }
    private String scan(CleanEvent event, String field, String text, List<PiiFindingRow> rows, TreeSet<String> types) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        ScanResult result = scanner.scan(text);
        for (PiiFinding finding : result.findings()) {
            String type = finding.type().name();
            types.add(type);
            rows.add(new PiiFindingRow(event.getEventId(), field, finding.start(), finding.end() - finding.start(),
                    event.getEventTime(), event.getTenantId(), event.getAgentId(), type, finding.detector(),
                    PiiFindingRow.ACTION_REDACT, finding.pseudonym()));
        }
        return result.redacted();
    }
}
