package org.openclaw.oversight.connectors.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads what a real Alertmanager holds, through its own API ({@code GET /api/v2/alerts}). */
final class AlertmanagerApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    AlertmanagerApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Alerts Alertmanager considers not resolved (it leaves out alerts whose endsAt has passed). */
    List<JsonNode> alerts() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v2/alerts"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /api/v2/alerts answered " + response.statusCode() + ": " + response.body());
        }
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(response.body()).forEach(out::add);
        return out;
    }

    /** The alert whose {@code fingerprint} annotation (set by the sink) is {@code fingerprint}. */
    Optional<JsonNode> alertWithFingerprint(String fingerprint) throws IOException, InterruptedException {
        return alerts().stream()
                .filter(a -> fingerprint.equals(a.path("annotations").path("fingerprint").asText()))
                .findFirst();
    }
}
