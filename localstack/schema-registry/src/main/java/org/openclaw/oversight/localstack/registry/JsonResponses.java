package org.openclaw.oversight.localstack.registry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The JSON shapes of Confluent's REST API, kept in one place so they stay exactly alike. */
final class JsonResponses {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private JsonResponses() {}

    static ObjectNode error(int errorCode, String message) {
        return MAPPER.createObjectNode().put("error_code", errorCode).put("message", message);
    }

    static ObjectNode id(int id) {
        return MAPPER.createObjectNode().put("id", id);
    }

    /** GET /subjects/{s}/versions/{v} and the lookup; schemaType is left out for Avro, as Confluent does. */
    static ObjectNode subjectVersion(SchemaStore.SubjectVersion version) {
        return MAPPER.createObjectNode()
                .put("subject", version.subject())
                .put("version", version.version())
                .put("id", version.id())
                .put("schema", version.schema());
    }

    static ObjectNode schema(String schema) {
        return MAPPER.createObjectNode().put("schema", schema);
    }

    static ObjectNode compatibility(List<String> problems, boolean verbose) {
        ObjectNode node = MAPPER.createObjectNode().put("is_compatible", problems.isEmpty());
        if (verbose) {
            ArrayNode messages = node.putArray("messages");
            problems.forEach(messages::add);
        }
        return node;
    }
}
