package org.openclaw.oversight.connectors.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client for the Confluent Schema Registry REST API (also served by Apicurio, Karapace and the
 * embedded registry of the local stack). Only what the wire format needs: register a schema under a
 * subject, and resolve a global schema id.
 *
 * <p>Both answers are cached forever: a global id never changes meaning, and registering the same
 * schema under the same subject always returns the same id. Instances are thread-safe; use
 * {@link #forUrl(String)} to share one client (and its caches) per registry inside a JVM, which is
 * what Flink operators and Kafka serializers do.
 */
public final class SchemaRegistryClient implements SchemaRegistry {

    /** Confluent's error_code for "schema (id) not found". */
    static final int SCHEMA_NOT_FOUND = 40403;
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, SchemaRegistryClient> SHARED = new ConcurrentHashMap<>();

    private final String baseUrl;
    private final HttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectAndSchema, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();

    public SchemaRegistryClient(String registryUrl) {
        this.baseUrl = normalise(registryUrl);
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** One shared client per registry URL in this JVM, so caches are shared by all users. */
    public static SchemaRegistryClient forUrl(String registryUrl) {
        return SHARED.computeIfAbsent(normalise(registryUrl), SchemaRegistryClient::new);
    }

    public String url() {
        return baseUrl;
    }

    @Override
    public int register(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        SubjectAndSchema key = new SubjectAndSchema(subject, schema);
        Integer cached = idsBySubjectAndSchema.get(key);
        if (cached != null) {
            return cached;
        }
        ObjectNode body = JSON.createObjectNode().put("schema", schema.toString());
        String path = "/subjects/" + encode(subject) + "/versions";
        JsonNode answer = send(HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", CONTENT_TYPE)
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)),
                "register a schema under subject '" + subject + "'", null);
        JsonNode id = answer.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new SchemaRegistryException("Schema registry at " + baseUrl + " answered the registration of subject '"
                    + subject + "' without a numeric \"id\"; is " + baseUrl + " really a Confluent-compatible registry?",
                    200, -1);
        }
        int schemaId = id.intValue();
        idsBySubjectAndSchema.put(key, schemaId);
        schemasById.putIfAbsent(schemaId, schema);
        return schemaId;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send(HttpRequest.newBuilder(uri("/schemas/ids/" + id)).GET(),
                "resolve schema id " + id, id);
        JsonNode type = answer.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
            throw new SchemaRegistryException("Schema id " + id + " in the registry at " + baseUrl + " is a "
                    + type.asText() + " schema, not Avro; the topic carries records of another format.", 200, -1);
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException("Schema registry at " + baseUrl + " answered schema id " + id
                    + " without a \"schema\" string.", 200, -1);
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("Schema id " + id + " in the registry at " + baseUrl
                    + " is not a parseable Avro schema: " + e.getMessage(), 200, -1, e);
        }
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    /**
     * Sends {@code request}; {@code schemaId} is the id being resolved, or null for other requests.
     * A 404 carrying Confluent's {@code 40403} for an id lookup is the registry saying it never issued
     * that id — whatever the id, negative and huge ones included — and becomes
     * {@link SchemaNotFoundException} (the record's fault). A 404 without that code means the URL does
     * not lead to a schema registry: a configuration error, not the record's.
     */
    private JsonNode send(HttpRequest.Builder request, String action, Integer schemaId) {
        HttpRequest built = request.timeout(REQUEST_TIMEOUT).header("Accept", ACCEPT).build();
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SchemaRegistryUnreachableException("Schema registry at " + baseUrl + " is unreachable while trying to "
                    + action + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "). Check that it is running (`oversight up` starts the local one) and that the registry URL is right.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnreachableException("Interrupted while waiting for the schema registry at " + baseUrl
                    + " to " + action + ".", e);
        }
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status >= 200 && status < 300) {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new SchemaRegistryException("Schema registry at " + baseUrl + " answered " + status + " to "
                        + action + " with a body that is not JSON: " + abbreviate(body), status, -1, e);
            }
        }
        int errorCode = -1;
        String message = abbreviate(body);
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.has("error_code")) {
                errorCode = error.get("error_code").asInt(-1);
            }
            if (error != null && error.hasNonNull("message")) {
                message = error.get("message").asText();
            }
        } catch (IOException notJson) {
            // keep the raw (abbreviated) body as the message
        }
        String text = "Schema registry at " + baseUrl + " refused to " + action + ": HTTP " + status
                + (errorCode >= 0 ? " error_code " + errorCode : "") + ": " + message;
        if (status == 404 && schemaId != null && errorCode == SCHEMA_NOT_FOUND) {
            throw new SchemaNotFoundException(schemaId, text
                    + ". The record was written with a schema this registry never issued (another registry, or a wiped one).",
                    status, errorCode);
        }
        if (status == 404 && schemaId != null) {
            text += ". A schema registry answers an unknown id with error_code " + SCHEMA_NOT_FOUND
                    + "; this answer has none, so " + baseUrl + " is probably not the registry's URL (check --registry-url).";
        }
        if (status == 409) {
            text += ". The schema is not compatible with earlier versions of the subject; new fields need defaults (BACKWARD).";
        }
        throw new SchemaRegistryException(text, status, errorCode);
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }

    static String normalise(String registryUrl) {
        Objects.requireNonNull(registryUrl, "schema registry URL");
        String url = registryUrl.trim();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("Schema registry URL '" + registryUrl
                    + "' must start with http:// or https:// (e.g. http://127.0.0.1:8081).");
        }
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }

    private record SubjectAndSchema(String subject, Schema schema) {}
}
