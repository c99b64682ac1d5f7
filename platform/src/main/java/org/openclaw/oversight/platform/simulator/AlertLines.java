package org.openclaw.oversight.platform.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.openclaw.oversight.schema.Severity;

/**
 * Alerts from a JSON-lines file, one alert per line, for {@code simulate --score --alerts FILE}. Two shapes are
 * read: the fields of Alert.avsc ({@code alertname}, {@code severity}, {@code tenantId}, {@code agentId},
 * {@code labels}, {@code startsAt}, {@code fingerprint}, {@code source}), and Alertmanager's API v2 shape, where
 * everything but {@code startsAt} and {@code fingerprint} is a label ({@code labels.alertname},
 * {@code labels.tenant}, {@code labels.agent}, ...). {@code startsAt} is epoch milliseconds or ISO-8601. Blank
 * lines are skipped; a bad line is an error naming file and line.
 */
final class AlertLines {
    private AlertLines() {
    }

    static List<ObservedAlert> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the alerts file " + file + ": " + e.getMessage());
        }
        ObjectMapper json = new ObjectMapper();
        List<ObservedAlert> alerts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                alerts.add(parse(json.readTree(lines.get(i))));
            } catch (JsonProcessingException | IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": not an alert: " + e.getMessage()
                        + "; write one JSON object per line with alertname, tenantId, agentId, labels, startsAt");
            }
        }
        return alerts;
    }

    static ObservedAlert parse(JsonNode a) {
        JsonNode labels = a.path("labels");
        String alertname = first(a, "alertname", labels, "alertname");
        if (alertname == null) {
            throw new IllegalArgumentException("no alertname");
        }
        String tenant = first(a, "tenantId", labels, "tenant");
        String severity = first(a, "severity", labels, "severity");
        JsonNode starts = a.get("startsAt");
        if (starts == null || starts.isNull()) {
            throw new IllegalArgumentException("no startsAt");
        }
        long startsAt = starts.isNumber() ? starts.asLong() : Instant.parse(starts.asText()).toEpochMilli();
        return new ObservedAlert(text(a, "fingerprint"), alertname, severity == null ? null : Severity.valueOf(severity),
                tenant, first(a, "agentId", labels, "agent"), text(labels, "rule"), startsAt,
                first(a, "source", labels, "source"));
    }

    private static String first(JsonNode node, String field, JsonNode labels, String label) {
        String v = text(node, field);
        return v != null ? v : text(labels, label);
    }

    private static String text(JsonNode node, String field) {
        return node != null && node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
