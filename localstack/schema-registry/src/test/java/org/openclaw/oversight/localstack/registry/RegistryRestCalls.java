package org.openclaw.oversight.localstack.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls against a running registry, the way curl users and non-Java clients talk to it. */
final class RegistryRestCalls {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    /** A reply; {@code json} is null when the body is not JSON (which would itself be a bug). */
    record Reply(int status, String contentType, String text, JsonNode json) {

        int errorCode() {
            return json.path("error_code").asInt(-1);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    RegistryRestCalls(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Reply post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply put(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** POST /subjects/{subject}/versions and return the id, failing loudly on anything but 200. */
    int register(String subject, String schema) {
        Reply reply = post("/subjects/" + subject + "/versions", schemaBody(schema));
        if (reply.status() != 200) {
            throw new AssertionError("register under " + subject + " failed: " + reply.status() + " " + reply.text());
        }
        return reply.json().get("id").asInt();
    }

    static String schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = JSON.readTree(response.body());
            } catch (IOException notJson) {
                json = null;
            }
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
