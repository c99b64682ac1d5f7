package org.openclaw.oversight.localstack.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps Confluent Schema Registry's REST paths onto the {@link SchemaStore}. Every answer, errors
 * included, is JSON {@code {"error_code", "message"}} with Confluent's content type, because stock
 * clients parse error bodies to decide what went wrong; stack traces stay in the server log.
 */
final class ConfluentRestHandler implements HttpHandler {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger LOG = LoggerFactory.getLogger(ConfluentRestHandler.class);
    /** Far above any real schema; stops a runaway client from filling the heap. */
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final SchemaStore store;

    ConfluentRestHandler(SchemaStore store) {
        this.store = store;
    }

    /** One parsed request: method, decoded path segments, query parameters and the raw body. */
    private record Request(String method, List<String> path, Map<String, String> query, HttpExchange exchange) {

        String segment(int i) {
            return path.get(i);
        }

        boolean flag(String name) {
            return Boolean.parseBoolean(query.getOrDefault(name, "false"));
        }

        JsonNode jsonBody() throws IOException {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (body.length > MAX_BODY_BYTES) {
                throw new RegistryError(413, 413, "Request body is larger than " + MAX_BODY_BYTES + " bytes");
            }
            if (body.length == 0) {
                throw RegistryError.badRequest("The request has no body; send a JSON object");
            }
            try {
                JsonNode node = JsonResponses.MAPPER.readTree(body);
                if (node == null || !node.isObject()) {
                    throw RegistryError.badRequest("The request body must be a JSON object");
                }
                return node;
            } catch (JsonProcessingException e) {
                throw RegistryError.badRequest("The request body is not valid JSON: " + e.getOriginalMessage());
            }
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status = 200;
            Object body;
            try {
                Request request = parse(exchange);
                body = route(request);
            } catch (RegistryError e) {
                status = e.httpStatus();
                body = JsonResponses.error(e.errorCode(), e.getMessage());
            } catch (RuntimeException | IOException e) {
                LOG.error("Schema registry failed on {} {}", exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(), e);
                status = 500;
                body = JsonResponses.error(50001, "Internal error in the embedded schema registry ("
                        + e.getClass().getSimpleName() + "); see the registry log");
            }
            send(exchange, status, body);
        }
    }

    private Object route(Request request) throws IOException {
        List<String> p = request.path();
        String method = request.method();
        if (p.isEmpty()) {
            return only(method, "GET", JsonResponses.MAPPER.createObjectNode());
        }
        switch (p.get(0)) {
            case "subjects":
                return routeSubjects(request);
            case "schemas":
                return routeSchemas(request);
            case "compatibility":
                if (p.size() >= 4 && p.size() <= 5 && p.get(1).equals("subjects") && p.get(3).equals("versions")) {
                    requireMethod(method, "POST");
                    String schema = schemaText(request.jsonBody());
                    String version = p.size() == 5 ? p.get(4) : null;
                    List<String> problems = store.compatibilityProblems(p.get(2), version, schema);
                    return JsonResponses.compatibility(problems, request.flag("verbose"));
                }
                break;
            case "config":
                return routeConfig(request);
            case "mode":
                // this registry is always writable; clients such as schema exporters ask
                if (p.size() <= 2) {
                    return only(method, "GET", JsonResponses.MAPPER.createObjectNode().put("mode", "READWRITE"));
                }
                break;
            default:
                break;
        }
        throw notFound(request);
    }

    private Object routeSubjects(Request request) throws IOException {
        List<String> p = request.path();
        String method = request.method();
        boolean deleted = request.flag("deleted");
        if (p.size() == 1) {
            requireMethod(method, "GET");
            String prefix = request.query().getOrDefault("subjectPrefix", "");
            if (prefix.equals(":*:") || prefix.equals(":.:")) {
                prefix = ""; // Confluent's "every context" / default context; this registry has only one
            }
            String subjectPrefix = prefix;
            return stringArray(store.subjects(deleted).stream().filter(s -> s.startsWith(subjectPrefix)).toList());
        }
        String subject = p.get(1);
        if (p.size() == 2) {
            if (method.equals("POST")) {
                String schema = schemaText(request.jsonBody());
                return JsonResponses.subjectVersion(store.lookup(subject, schema, deleted));
            }
            requireMethod(method, "DELETE");
            return intArray(store.deleteSubject(subject, request.flag("permanent")));
        }
        if (!p.get(2).equals("versions")) {
            throw notFound(request);
        }
        if (p.size() == 3) {
            if (method.equals("POST")) {
                String schema = schemaText(request.jsonBody());
                return JsonResponses.id(store.register(subject, schema));
            }
            requireMethod(method, "GET");
            return intArray(store.versions(subject, deleted));
        }
        String version = p.get(3);
        if (p.size() == 4) {
            if (method.equals("DELETE")) {
                return store.deleteVersion(subject, version, request.flag("permanent"));
            }
            requireMethod(method, "GET");
            return JsonResponses.subjectVersion(store.version(subject, version, deleted));
        }
        if (p.size() == 5 && p.get(4).equals("schema")) {
            requireMethod(method, "GET");
            return new RawJson(store.version(subject, version, deleted).schema());
        }
        if (p.size() == 5 && p.get(4).equals("referencedby")) {
            requireMethod(method, "GET");
            store.version(subject, version, deleted); // 404 for unknown versions, as Confluent
            return JsonResponses.MAPPER.createArrayNode(); // references are not supported, so none refer
        }
        throw notFound(request);
    }

    private Object routeSchemas(Request request) {
        List<String> p = request.path();
        String method = request.method();
        if (p.size() == 2 && p.get(1).equals("types")) {
            return only(method, "GET", stringArray(List.of("AVRO")));
        }
        if (p.size() < 3 || p.size() > 4 || !p.get(1).equals("ids")) {
            throw notFound(request);
        }
        requireMethod(method, "GET");
        int id = schemaId(p.get(2));
        String schema = store.schemaById(id)
                .orElseThrow(() -> RegistryError.schemaNotFound("Schema " + id + " not found"));
        if (p.size() == 3) {
            return JsonResponses.schema(schema);
        }
        switch (p.get(3)) {
            case "schema":
                return new RawJson(schema);
            case "versions": {
                ArrayNode uses = JsonResponses.MAPPER.createArrayNode();
                store.usesOfId(id, request.flag("deleted")).forEach(use -> uses.addObject()
                        .put("subject", use.subject()).put("version", use.version()));
                return uses;
            }
            case "subjects":
                return stringArray(store.usesOfId(id, request.flag("deleted")).stream()
                        .map(SchemaStore.SubjectVersion::subject).distinct().toList());
            default:
                throw notFound(request);
        }
    }

    private Object routeConfig(Request request) throws IOException {
        List<String> p = request.path();
        String method = request.method();
        if (p.size() > 2) {
            throw notFound(request);
        }
        String subject = p.size() == 2 ? p.get(1) : null;
        switch (method) {
            case "GET": {
                CompatibilityLevel level = subject == null
                        ? store.globalLevel()
                        : store.subjectLevel(subject).orElseGet(() -> {
                            if (request.flag("defaultToGlobal")) {
                                return store.globalLevel();
                            }
                            throw RegistryError.subjectConfigNotFound(subject);
                        });
                return JsonResponses.MAPPER.createObjectNode().put("compatibilityLevel", level.name());
            }
            case "PUT": {
                JsonNode body = request.jsonBody();
                JsonNode requested = body.get("compatibility");
                if (requested == null) {
                    requested = body.get("compatibilityLevel"); // what GET returns; accept it back
                }
                if (requested == null || !requested.isTextual()) {
                    throw RegistryError.invalidCompatibilityLevel(String.valueOf(requested));
                }
                CompatibilityLevel level = CompatibilityLevel.parse(requested.asText());
                if (subject == null) {
                    store.setGlobalLevel(level);
                } else {
                    store.setSubjectLevel(subject, level);
                }
                LOG.info("Compatibility of {} set to {}", subject == null ? "the registry" : "subject " + subject, level);
                return JsonResponses.MAPPER.createObjectNode().put("compatibility", level.name());
            }
            case "DELETE": {
                if (subject == null) {
                    // Confluent resets the global level to its default
                    CompatibilityLevel previous = store.globalLevel();
                    store.setGlobalLevel(CompatibilityLevel.BACKWARD);
                    return JsonResponses.MAPPER.createObjectNode().put("compatibilityLevel", previous.name());
                }
                CompatibilityLevel previous = store.removeSubjectLevel(subject);
                return JsonResponses.MAPPER.createObjectNode().put("compatibilityLevel", previous.name());
            }
            default:
                throw methodNotAllowed(method);
        }
    }

    /** The "schema" of a register / lookup / compatibility body; only self-contained Avro schemas. */
    private static String schemaText(JsonNode body) {
        JsonNode type = body.get("schemaType");
        if (type != null && !type.isNull() && !type.asText().equalsIgnoreCase("AVRO")) {
            throw RegistryError.invalidSchema("Unsupported schemaType '" + type.asText()
                    + "': this embedded registry supports AVRO only");
        }
        JsonNode references = body.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            throw RegistryError.invalidSchema("Schema references are not supported by the embedded registry; "
                    + "register the schema with every named type inlined");
        }
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw RegistryError.invalidSchema("Invalid schema: the request body needs a \"schema\" field holding "
                    + "the Avro schema as a JSON string");
        }
        return schema.asText();
    }

    private static int schemaId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryError.schemaNotFound("Schema " + text + " not found (ids are integers)");
        }
    }

    private static Object only(String method, String allowed, Object answer) {
        requireMethod(method, allowed);
        return answer;
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw methodNotAllowed(method);
        }
    }

    private static RegistryError methodNotAllowed(String method) {
        return new RegistryError(405, 405, "HTTP method " + method + " is not supported on this path");
    }

    private static RegistryError notFound(Request request) {
        return new RegistryError(404, 404, "No such endpoint: " + request.method() + " /"
                + String.join("/", request.path()) + " (this embedded registry serves a subset of Confluent's "
                + "REST API; see localstack/schema-registry/README.md)");
    }

    private static ArrayNode stringArray(List<String> values) {
        ArrayNode array = JsonResponses.MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static ArrayNode intArray(List<Integer> values) {
        ArrayNode array = JsonResponses.MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    /** A body that already is JSON text (the raw schema endpoints). */
    private record RawJson(String text) {}

    private static Request parse(HttpExchange exchange) {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        List<String> path = new ArrayList<>();
        for (String raw : exchange.getRequestURI().getRawPath().split("/")) {
            if (!raw.isEmpty()) {
                path.add(decode(raw));
            }
        }
        Map<String, String> query = new HashMap<>();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                query.put(name, eq < 0 ? "true" : decode(pair.substring(eq + 1)));
            }
        }
        return new Request(method, path, query, exchange);
    }

    /** Percent-decoding that keeps '+' literal, as in a path segment. */
    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RegistryError.badRequest("Malformed percent-encoding in '" + raw + "'");
        }
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = body instanceof RawJson raw
                ? raw.text().getBytes(StandardCharsets.UTF_8)
                : JsonResponses.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        if (exchange.getRequestMethod().equalsIgnoreCase("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
