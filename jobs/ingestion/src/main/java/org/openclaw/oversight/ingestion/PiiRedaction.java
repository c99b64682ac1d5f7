package org.openclaw.oversight.ingestion;

import org.openclaw.oversight.ingestion.pii.PiiFinding;
import org.openclaw.oversight.ingestion.pii.PiiScanner;
import org.openclaw.oversight.ingestion.pii.ScanResult;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Step 3 on one event: scans input and output (or the message text), replaces each finding with the
 * scanner's typed placeholder, sets {@code piiTypes}, and returns one {@link PiiFindingRow} per
 * finding. The same code serves real-time agents (in the stream) and batch agents (in the buffer flush).
 */
public final class PiiRedaction implements Serializable {

    /** The redacted event and where its findings were. */
    public record Redacted(CleanEvent event, List<PiiFindingRow> findings) {}

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
        if (out.getAgentEvent() != null) {
            AgentEvent e = out.getAgentEvent();
            e.setInput(scan(out, "input", e.getInput(), rows, types));
            e.setOutput(scan(out, "output", e.getOutput(), rows, types));
        } else {
            ChannelMessage m = out.getChannelMessage();
            m.setText(scan(out, "text", m.getText(), rows, types));
        }
        out.setPiiTypes(new ArrayList<>(types));
        return new Redacted(out, rows);
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
