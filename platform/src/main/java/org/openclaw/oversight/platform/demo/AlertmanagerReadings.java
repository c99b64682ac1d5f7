package org.openclaw.oversight.platform.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** The alerts Alertmanager holds, read back from its API v2 ({@code GET /api/v2/alerts}). */
final class AlertmanagerReadings {

    /** Alerts by "alertname severity [escalation]" and by state (active, suppressed by inhibition or silence, ...). */
    record Held(long total, Map<String, Long> byAlert, Map<String, Long> byState) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String url;

    AlertmanagerReadings(String url) {
        this.url = url;
    }

    Held read() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " from " + url + "/api/v2/alerts");
        }
        return parse(JSON.readTree(response.body()));
    }

    static Held parse(JsonNode alerts) {
        Map<String, Long> byAlert = new TreeMap<>();
        Map<String, Long> byState = new TreeMap<>();
        for (JsonNode alert : alerts) {
            JsonNode labels = alert.path("labels");
            String key = labels.path("alertname").asText("?") + " " + labels.path("severity").asText("?")
                    + (labels.has("escalation") ? " " + labels.path("escalation").asText() : "");
            byAlert.merge(key, 1L, Long::sum);
            byState.merge(alert.path("status").path("state").asText("unknown"), 1L, Long::sum);
        }
        return new Held(alerts.size(), byAlert, byState);
    }
}
