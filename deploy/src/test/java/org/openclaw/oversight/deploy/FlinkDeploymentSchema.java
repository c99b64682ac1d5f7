package org.openclaw.oversight.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The FlinkDeployment CRD's {@code openAPIV3Schema} (the operator's, copied into test resources from
 * shared/k8s-crds) as a JSON schema over a resource's {@code spec}. Strict like {@code kubectl apply
 * --validate=strict}: every object that lists its properties and neither allows additional ones nor preserves
 * unknown fields refuses a property it does not list, so a misspelt field fails instead of being pruned.
 */
final class FlinkDeploymentSchema {

    static final String CRD = "/crds/flinkdeployments.flink.apache.org-v1.yml";

    final String group;
    final String version;
    final String kind;
    private final JsonSchema spec;

    private FlinkDeploymentSchema(String group, String version, String kind, JsonSchema spec) {
        this.group = group;
        this.version = version;
        this.kind = kind;
        this.spec = spec;
    }

    static FlinkDeploymentSchema load() throws IOException {
        try (InputStream in = FlinkDeploymentSchema.class.getResourceAsStream(CRD)) {
            JsonNode crd = Manifests.YAML.readTree(in);
            JsonNode served = null;
            for (JsonNode version : crd.path("spec").path("versions")) {
                if (version.path("served").asBoolean() && version.path("storage").asBoolean()) {
                    served = version;
                }
            }
            if (served == null) {
                throw new IllegalStateException("no served storage version in " + CRD);
            }
            ObjectNode specSchema = (ObjectNode) served.path("schema").path("openAPIV3Schema").path("properties").path("spec").deepCopy();
            strict(specSchema);
            // OpenAPI v3.0 schemas are close to draft 4; the x-kubernetes-* keywords are ignored as unknown
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(specSchema);
            return new FlinkDeploymentSchema(crd.path("spec").path("group").asText(), served.path("name").asText(),
                    crd.path("spec").path("names").path("kind").asText(), schema);
        }
    }

    /** Problems of one resource: apiVersion and kind, then the spec against the schema; empty = valid. */
    List<String> validate(JsonNode resource) {
        List<String> problems = new java.util.ArrayList<>();
        String apiVersion = group + "/" + version;
        if (!apiVersion.equals(resource.path("apiVersion").asText())) {
            problems.add("apiVersion " + resource.path("apiVersion").asText() + " is not " + apiVersion);
        }
        if (!kind.equals(resource.path("kind").asText())) {
            problems.add("kind " + resource.path("kind").asText() + " is not " + kind);
        }
        if (resource.path("metadata").path("name").asText().isEmpty()) {
            problems.add("metadata.name is missing");
        }
        Set<ValidationMessage> messages = spec.validate(resource.path("spec"));
        messages.forEach(m -> problems.add("spec" + m.getInstanceLocation().toString().substring(1) + ": " + m.getMessage()));
        return problems;
    }

    private static void strict(JsonNode schema) {
        if (schema.isObject()) {
            ObjectNode object = (ObjectNode) schema;
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
                object.put("additionalProperties", false);
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                strict(fields.next().getValue());
            }
        } else if (schema.isArray()) {
            schema.forEach(FlinkDeploymentSchema::strict);
        }
    }
}
