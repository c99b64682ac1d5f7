package org.openclaw.oversight.platform.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.Severity;

/**
 * What the scorer needs of an injection report (--report FILE): each incident's required and tolerated alerts,
 * and the run's span in event time — from the first record (of --history, when there was one) to the last event
 * plus the longest detection bound ({@link ExpectedAlerts#WINDOW_BOUND_MS} and the disorder bound).
 */
public record ScoredReport(List<ExpectedAlert> expectations, long fromMillis, long toMillis) {

    /** The expectations of a report written in this run, without a file. */
    public static ScoredReport of(InjectionReport report) {
        long from = report.history() != null ? report.history().startMillis() : report.startMillis();
        return new ScoredReport(report.expectedAlerts(), from, report.lastEventTime() + ExpectedAlerts.WINDOW_BOUND_MS
                + report.disorderMs());
    }

    /** Reads a report file; a file that is not one is an IllegalArgumentException saying what is wrong. */
    public static ScoredReport read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the report " + file + ": " + e.getMessage());
        }
        if (root == null || !root.has("incidents") || !root.has("startMillis") || !root.has("lastEventTime")) {
            throw new IllegalArgumentException(file + " is not an injection report of oversight simulate --report");
        }
        List<ExpectedAlert> expectations = new ArrayList<>();
        for (JsonNode incident : root.get("incidents")) {
            String label = incident.get("type").asText() + "@" + incident.get("agent").asText() + "+"
                    + incident.get("at").asText();
            long start = Instant.parse(incident.get("windowStart").asText()).toEpochMilli();
            if (!incident.has("expected")) {
                throw new IllegalArgumentException(file + ": incident " + label + " lists no expected alerts; "
                        + "the report comes from an older simulator, run it again");
            }
            incident.get("expected").forEach(e -> expectations.add(expectation(file, e, label, start, true)));
            incident.path("tolerated").forEach(e -> expectations.add(expectation(file, e, label, start, false)));
        }
        long from = root.has("history") ? root.get("history").get("fromMillis").asLong()
                : root.get("startMillis").asLong();
        long disorder = root.path("disorder").path("boundMillis").asLong(0);
        long to = Instant.parse(root.get("lastEventTime").asText()).toEpochMilli() + ExpectedAlerts.WINDOW_BOUND_MS
                + disorder;
        return new ScoredReport(expectations, from, to);
    }

    private static ExpectedAlert expectation(Path file, JsonNode e, String incident, long start, boolean required) {
        String name = e.path("alertname").asText();
        AlertType type = AlertType.of(name).orElseThrow(() -> new IllegalArgumentException(file + ": incident "
                + incident + " expects an unknown alertname '" + name + "'"));
        return new ExpectedAlert(type, text(e, "rule"), e.hasNonNull("severity")
                ? Severity.valueOf(e.get("severity").asText()) : null, e.get("tenant").asText(), text(e, "agent"),
                Instant.parse(e.get("notBefore").asText()).toEpochMilli(),
                Instant.parse(e.get("notAfter").asText()).toEpochMilli(), incident, start, required,
                text(e, "untestable"));
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
