package org.openclaw.oversight.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Reads back what a real Alertmanager holds (API v2), and waits for conditions with a deadline. */
final class AlertmanagerApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private AlertmanagerApi() {}

    /** Every alert Alertmanager returns (active, inhibited and silenced; resolved ones are not listed). */
    static List<JsonNode> alerts(String baseUrl) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v2/alerts"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(response.body()).forEach(out::add);
            return out;
        } catch (Exception e) {
            return List.of(); // down: nothing held
        }
    }

    static String label(JsonNode alert, String name) {
        JsonNode value = alert.path("labels").path(name);
        return value.isMissingNode() ? null : value.asText();
    }

    static String state(JsonNode alert) {
        return alert.path("status").path("state").asText();
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            try {
                Thread.sleep(200); // polling interval of the awaited condition, not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }
}
