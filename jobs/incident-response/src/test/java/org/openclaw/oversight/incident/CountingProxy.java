package org.openclaw.oversight.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passes every request on to a real Alertmanager and notes when each POST /api/v2/alerts arrived and which
 * alerts it carried (Debian's Alertmanager 0.2x has no request counter of its own for API v2).
 */
final class CountingProxy implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Long> posts = new ArrayList<>();
    /** agent label -> when its alert first arrived. */
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final Map<String, Long> startsAt = new ConcurrentHashMap<>();

    CountingProxy(String alertmanagerUrl) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            long now = System.currentTimeMillis();
            if ("POST".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().equals("/api/v2/alerts")) {
                synchronized (posts) {
                    posts.add(now);
                }
                for (JsonNode alert : JSON.readTree(body)) {
                    String agent = alert.path("labels").path("agent").asText();
                    firstSeen.putIfAbsent(agent, now);
                    startsAt.putIfAbsent(agent, java.time.Instant.parse(alert.path("startsAt").asText()).toEpochMilli());
                }
            }
            try {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(alertmanagerUrl
                                + exchange.getRequestURI())).method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body))
                        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
                exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
            } catch (IOException e) {
                exchange.sendResponseHeaders(503, -1);
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Long> posts() {
        synchronized (posts) {
            return new ArrayList<>(posts);
        }
    }

    /** Most POST requests that started within any one second. */
    int maxPostsPerSecond() {
        List<Long> times = posts();
        int max = 0;
        for (int i = 0, j = 0; i < times.size(); i++) {
            while (times.get(i) - times.get(j) >= 1_000) {
                j++;
            }
            max = Math.max(max, i - j + 1);
        }
        return max;
    }

    /** First arrival minus startsAt, per agent label (but the warm-up's). */
    List<Long> latencies() {
        List<Long> out = new ArrayList<>();
        firstSeen.forEach((agent, at) -> {
            if (!agent.equals("warm-up")) {
                out.add(at - startsAt.get(agent));
            }
        });
        return out;
    }

    int alertsSeen() {
        return firstSeen.size();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
