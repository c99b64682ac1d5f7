package org.openclaw.oversight.platform.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoublePredicate;

/** Prometheus's HTTP API, as an SRE's dashboard reads it: instant queries, series, metadata. */
final class PrometheusApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private final String url;
    private final HttpClient http = HttpClient.newHttpClient();

    PrometheusApi(String url) {
        this.url = url;
    }

    /** Evaluates {@code query} until its single value satisfies {@code until} (scrapes take a few seconds). */
    double awaitValue(String query, DoublePredicate until) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        double value = Double.NaN;
        while (System.nanoTime() < deadline) {
            JsonNode result = get("/api/v1/query?query=" + encode(query)).path("data").path("result");
            if (result.size() == 1) {
                value = Double.parseDouble(result.get(0).path("value").get(1).asText());
                if (until.test(value)) {
                    return value;
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
        throw new AssertionError("Prometheus: " + query + " did not reach the expected value within " + DEADLINE + " (last " + value + ")");
    }

    /** The label sets of the series matching {@code selector}. */
    List<Map<String, String>> series(String selector) throws Exception {
        List<Map<String, String>> series = new ArrayList<>();
        for (JsonNode s : get("/api/v1/series?match[]=" + encode(selector)).path("data")) {
            Map<String, String> labels = new TreeMap<>();
            s.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            series.add(labels);
        }
        if (series.isEmpty()) {
            throw new AssertionError("Prometheus has no series " + selector);
        }
        return series;
    }

    /** The type Prometheus learnt from the scrape's # TYPE line. */
    String metadataType(String metric) throws Exception {
        JsonNode entries = get("/api/v1/metadata?metric=" + encode(metric)).path("data").path(metric);
        return entries.isEmpty() ? "(none)" : entries.get(0).path("type").asText();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
