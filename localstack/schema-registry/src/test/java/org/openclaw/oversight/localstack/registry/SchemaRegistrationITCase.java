package org.openclaw.oversight.localstack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openclaw.oversight.localstack.registry.RegistryRestCalls.schemaBody;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.localstack.registry.RegistryRestCalls.Reply;

/** Registration, lookup and reads over real HTTP, with Confluent's response shapes and error codes. */
class SchemaRegistrationITCase {

    private static final String SUBJECT = "oversight.test-events.v1-value";

    @TempDir
    Path dataDir;

    private EmbeddedSchemaRegistry registry;
    private RegistryRestCalls rest;

    @BeforeEach
    void start() throws Exception {
        registry = EmbeddedSchemaRegistry.start(dataDir, "127.0.0.1", 0);
        rest = new RegistryRestCalls(registry.url());
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void urlNamesTheBoundLoopbackPort() {
        assertThat(registry.port()).isPositive();
        assertThat(registry.url()).isEqualTo("http://127.0.0.1:" + registry.port());
    }

    @Test
    void registeredSchemaIsReadableByIdVersionLatestAndLookup() {
        Reply registered = rest.post("/subjects/" + SUBJECT + "/versions", schemaBody(TestSchemas.V1));
        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.contentType()).isEqualTo(RegistryRestCalls.CONTENT_TYPE);
        int id = registered.json().get("id").asInt();
        assertThat(id).isEqualTo(1);

        Reply byId = rest.get("/schemas/ids/" + id);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(new Schema.Parser().parse(byId.json().get("schema").asText()))
                .isEqualTo(new Schema.Parser().parse(TestSchemas.V1));

        assertThat(rest.get("/subjects").json()).extracting(JsonNode::asText).containsExactly(SUBJECT);
        assertThat(rest.get("/subjects/" + SUBJECT + "/versions").json().toString()).isEqualTo("[1]");

        for (String version : new String[] {"1", "latest", "-1"}) {
            JsonNode v = rest.get("/subjects/" + SUBJECT + "/versions/" + version).json();
            assertThat(v.get("subject").asText()).isEqualTo(SUBJECT);
            assertThat(v.get("version").asInt()).isEqualTo(1);
            assertThat(v.get("id").asInt()).isEqualTo(id);
            assertThat(v.get("schema").asText()).isEqualTo(byId.json().get("schema").asText());
        }

        Reply raw = rest.get("/subjects/" + SUBJECT + "/versions/latest/schema");
        assertThat(new Schema.Parser().parse(raw.text())).isEqualTo(new Schema.Parser().parse(TestSchemas.V1));
        assertThat(new Schema.Parser().parse(rest.get("/schemas/ids/" + id + "/schema").text()).getName())
                .isEqualTo("Event");

        Reply lookup = rest.post("/subjects/" + SUBJECT, schemaBody(TestSchemas.V1_REFORMATTED));
        assertThat(lookup.status()).isEqualTo(200);
        assertThat(lookup.json().get("id").asInt()).isEqualTo(id);
        assertThat(lookup.json().get("version").asInt()).isEqualTo(1);
        assertThat(lookup.json().get("subject").asText()).isEqualTo(SUBJECT);

        JsonNode uses = rest.get("/schemas/ids/" + id + "/versions").json();
        assertThat(uses.toString()).isEqualTo("[{\"subject\":\"" + SUBJECT + "\",\"version\":1}]");
        assertThat(rest.get("/schemas/ids/" + id + "/subjects").json().toString()).isEqualTo("[\"" + SUBJECT + "\"]");
    }

    @Test
    void sameSchemaTwiceKeepsIdAndVersionEvenWhenFormattedDifferently() {
        int first = rest.register(SUBJECT, TestSchemas.V1);
        int second = rest.register(SUBJECT, TestSchemas.V1);
        int reformatted = rest.register(SUBJECT, TestSchemas.V1_REFORMATTED);

        assertThat(second).isEqualTo(first);
        assertThat(reformatted).isEqualTo(first);
        assertThat(rest.get("/subjects/" + SUBJECT + "/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void sameSchemaUnderAnotherSubjectReusesTheGlobalId() {
        int id = rest.register("a-value", TestSchemas.V1);
        int other = rest.register("b-value", TestSchemas.V1);
        int distinct = rest.register("c-value", TestSchemas.numbered(1));

        assertThat(other).isEqualTo(id);
        assertThat(distinct).isNotEqualTo(id);
        assertThat(rest.get("/subjects/b-value/versions/latest").json().get("version").asInt()).isEqualTo(1);
        assertThat(rest.get("/schemas/ids/" + id + "/subjects").json()).extracting(JsonNode::asText)
                .containsExactly("a-value", "b-value");
    }

    @Test
    void schemaThatDiffersOnlyInDefaultOrLogicalTypeGetsItsOwnId() {
        // Parsing Canonical Form would drop defaults and logical types; readers need both
        String plain = "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"at\",\"type\":\"long\"}]}";
        String logical = "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"at\","
                + "\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}}]}";
        String withDefault = "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"at\",\"type\":\"long\","
                + "\"default\":0}]}";

        int a = rest.register("t1-value", plain);
        int b = rest.register("t2-value", logical);
        int c = rest.register("t3-value", withDefault);

        assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
        assertThat(b).isNotEqualTo(c);
        assertThat(rest.get("/schemas/ids/" + b).json().get("schema").asText()).contains("timestamp-millis");
    }

    @Test
    void lookupTellsUnknownSubjectFromUnknownSchema() {
        Reply noSubject = rest.post("/subjects/missing-value", schemaBody(TestSchemas.V1));
        assertThat(noSubject.status()).isEqualTo(404);
        assertThat(noSubject.errorCode()).isEqualTo(40401);

        rest.register(SUBJECT, TestSchemas.V1);
        Reply noSchema = rest.post("/subjects/" + SUBJECT, schemaBody(TestSchemas.V2_WITH_DEFAULT));
        assertThat(noSchema.status()).isEqualTo(404);
        assertThat(noSchema.errorCode()).isEqualTo(40403);
    }

    @Test
    void unknownThingsAnswer404WithConfluentErrorCodes() {
        Reply unknownId = rest.get("/schemas/ids/4242");
        assertThat(unknownId.status()).isEqualTo(404);
        assertThat(unknownId.errorCode()).isEqualTo(40403);
        assertThat(unknownId.json().get("message").asText()).contains("4242");

        assertThat(rest.get("/subjects/nobody/versions").errorCode()).isEqualTo(40401);
        assertThat(rest.get("/subjects/nobody/versions/latest").errorCode()).isEqualTo(40401);

        rest.register(SUBJECT, TestSchemas.V1);
        Reply unknownVersion = rest.get("/subjects/" + SUBJECT + "/versions/7");
        assertThat(unknownVersion.status()).isEqualTo(404);
        assertThat(unknownVersion.errorCode()).isEqualTo(40402);

        Reply badVersion = rest.get("/subjects/" + SUBJECT + "/versions/first");
        assertThat(badVersion.status()).isEqualTo(422);
        assertThat(badVersion.errorCode()).isEqualTo(42202);
    }

    @Test
    void invalidSchemasAreRejectedWith42201AndNothingIsStored() {
        Reply notAvro = rest.post("/subjects/" + SUBJECT + "/versions", schemaBody("{\"type\":\"recurd\"}"));
        assertThat(notAvro.status()).isEqualTo(422);
        assertThat(notAvro.errorCode()).isEqualTo(42201);
        assertThat(notAvro.json().get("message").asText()).startsWith("Invalid schema");

        String badDefault = "{\"type\":\"record\",\"name\":\"B\",\"fields\":[{\"name\":\"n\",\"type\":\"int\","
                + "\"default\":\"not a number\"}]}";
        assertThat(rest.post("/subjects/" + SUBJECT + "/versions", schemaBody(badDefault)).errorCode())
                .isEqualTo(42201);

        Reply noSchemaField = rest.post("/subjects/" + SUBJECT + "/versions", "{\"schemaa\":\"x\"}");
        assertThat(noSchemaField.status()).isEqualTo(422);
        assertThat(noSchemaField.errorCode()).isEqualTo(42201);

        Reply protobuf = rest.post("/subjects/" + SUBJECT + "/versions",
                "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");
        assertThat(protobuf.status()).isEqualTo(422);
        assertThat(protobuf.json().get("message").asText()).contains("Unsupported schemaType 'PROTOBUF'");

        Reply references = rest.post("/subjects/" + SUBJECT + "/versions", "{\"schema\":\"\\\"string\\\"\","
                + "\"references\":[{\"name\":\"x.Y\",\"subject\":\"y\",\"version\":1}]}");
        assertThat(references.status()).isEqualTo(422);
        assertThat(references.json().get("message").asText()).contains("references are not supported");

        assertThat(rest.get("/subjects").json()).isEmpty();
    }

    @Test
    void explicitAvroTypeAndEmptyReferencesAreAccepted() {
        Reply reply = rest.post("/subjects/" + SUBJECT + "/versions",
                "{\"schemaType\":\"AVRO\",\"references\":[],\"schema\":" + RegistryRestCalls.JSON.valueToTree(
                        TestSchemas.V1) + ",\"metadata\":null,\"ruleSet\":null}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("id").asInt()).isEqualTo(1);
    }

    @Test
    void unknownQueryParametersAreIgnored() {
        Reply registered = rest.post("/subjects/" + SUBJECT + "/versions?normalize=true&whatever=1",
                schemaBody(TestSchemas.V1));
        assertThat(registered.status()).isEqualTo(200);
        assertThat(rest.get("/schemas/ids/1?fetchMaxId=false&subject=" + SUBJECT).status()).isEqualTo(200);
        assertThat(rest.get("/subjects/" + SUBJECT + "/versions/latest?deleted=false&x").status()).isEqualTo(200);
        assertThat(rest.post("/subjects/" + SUBJECT + "?normalize=false&lookupDeletedSchema=false",
                schemaBody(TestSchemas.V1)).status()).isEqualTo(200);
    }

    @Test
    void badRequestsGetJsonErrorsNeverHtml() {
        Reply unknownPath = rest.get("/no/such/endpoint");
        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.errorCode()).isEqualTo(404);
        assertThat(unknownPath.contentType()).isEqualTo(RegistryRestCalls.CONTENT_TYPE);

        Reply badJson = rest.post("/subjects/" + SUBJECT + "/versions", "{\"schema\": ");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.json().get("message").asText()).contains("not valid JSON");

        Reply emptyBody = rest.post("/subjects/" + SUBJECT + "/versions", "");
        assertThat(emptyBody.status()).isEqualTo(400);

        Reply wrongMethod = rest.put("/subjects/" + SUBJECT + "/versions", schemaBody(TestSchemas.V1));
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.errorCode()).isEqualTo(405);

        for (Reply reply : new Reply[] {unknownPath, badJson, emptyBody, wrongMethod}) {
            assertThat(reply.json()).as(reply.text()).isNotNull();
            assertThat(reply.json().get("message").isTextual()).isTrue();
            assertThat(reply.text()).doesNotContain("<html", "at org.", "Exception:");
        }
    }

    @Test
    void subjectNamesWithDotsAndEncodedCharactersRoundTrip() {
        String encoded = "team%2Fa.events%2Bv2-value";
        rest.register(encoded, TestSchemas.V1);
        assertThat(rest.get("/subjects").json()).extracting(JsonNode::asText).containsExactly("team/a.events+v2-value");
        assertThat(rest.get("/subjects/" + encoded + "/versions/1").json().get("subject").asText())
                .isEqualTo("team/a.events+v2-value");
        assertThat(rest.get("/subjects?subjectPrefix=team").json()).hasSize(1);
        assertThat(rest.get("/subjects?subjectPrefix=other").json()).isEmpty();
    }

    @Test
    void softDeletedSubjectHidesVersionsButKeepsIdsReadable() {
        int id = rest.register(SUBJECT, TestSchemas.V1);
        rest.register(SUBJECT, TestSchemas.V2_WITH_DEFAULT);

        Reply deleted = rest.delete("/subjects/" + SUBJECT);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().toString()).isEqualTo("[1,2]");

        assertThat(rest.get("/subjects").json()).isEmpty();
        assertThat(rest.get("/subjects?deleted=true").json()).hasSize(1);
        assertThat(rest.get("/subjects/" + SUBJECT + "/versions").errorCode()).isEqualTo(40401);
        assertThat(rest.get("/schemas/ids/" + id).status()).isEqualTo(200);

        // registering again continues the version numbering, with the old id
        assertThat(rest.register(SUBJECT, TestSchemas.V1)).isEqualTo(id);
        assertThat(rest.get("/subjects/" + SUBJECT + "/versions").json().toString()).isEqualTo("[3]");

        Reply permanentTooEarly = rest.delete("/subjects/" + SUBJECT + "?permanent=true");
        assertThat(permanentTooEarly.errorCode()).isEqualTo(40405);
        assertThat(rest.delete("/subjects/" + SUBJECT).status()).isEqualTo(200);
        assertThat(rest.delete("/subjects/" + SUBJECT + "?permanent=true").json().toString()).isEqualTo("[1,2,3]");
        assertThat(rest.get("/subjects?deleted=true").json()).isEmpty();
    }

    @Test
    void singleVersionCanBeSoftDeleted() {
        rest.register(SUBJECT, TestSchemas.V1);
        rest.register(SUBJECT, TestSchemas.V2_WITH_DEFAULT);

        Reply deleted = rest.delete("/subjects/" + SUBJECT + "/versions/latest");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().asInt()).isEqualTo(2);
        assertThat(rest.get("/subjects/" + SUBJECT + "/versions").json().toString()).isEqualTo("[1]");
        assertThat(rest.get("/subjects/" + SUBJECT + "/versions/2").errorCode()).isEqualTo(40402);
        assertThat(rest.get("/subjects/" + SUBJECT + "/versions/2?deleted=true").status()).isEqualTo(200);
    }

    @Test
    void modeAndTypesAnswerLikeConfluent() {
        assertThat(rest.get("/mode").json().get("mode").asText()).isEqualTo("READWRITE");
        assertThat(rest.get("/schemas/types").json().toString()).isEqualTo("[\"AVRO\"]");
        assertThat(rest.get("/").status()).isEqualTo(200);
    }
}
