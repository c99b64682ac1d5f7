package org.openclaw.oversight.localstack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openclaw.oversight.localstack.registry.RegistryRestCalls.schemaBody;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.localstack.registry.RegistryRestCalls.Reply;

/** Compatibility levels, per subject and global, enforced on registration and on the test endpoint. */
class CompatibilityITCase {

    private static final String SUBJECT = "events-value";

    /** Compatible with TRANSITIVE_V2 (field a gone) but not with TRANSITIVE_V1 (a was a string). */
    private static final String TRANSITIVE_V1 = "{\"type\":\"record\",\"name\":\"E\",\"fields\":["
            + "{\"name\":\"a\",\"type\":\"string\"}]}";
    private static final String TRANSITIVE_V2 = "{\"type\":\"record\",\"name\":\"E\",\"fields\":[]}";
    private static final String TRANSITIVE_V3 = "{\"type\":\"record\",\"name\":\"E\",\"fields\":["
            + "{\"name\":\"a\",\"type\":\"int\",\"default\":0}]}";

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
    void defaultLevelIsBackward() {
        Reply global = rest.get("/config");
        assertThat(global.status()).isEqualTo(200);
        assertThat(global.json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void backwardBreakingChangeIsRejectedWith409AndChangesNothing() {
        int v1 = rest.register(SUBJECT, TestSchemas.V1);

        Reply rejected = rest.post("/subjects/" + SUBJECT + "/versions", schemaBody(TestSchemas.V2_NO_DEFAULT));

        assertThat(rejected.status()).isEqualTo(409);
        assertThat(rejected.errorCode()).isEqualTo(409);
        assertThat(rejected.json().get("message").asText())
                .contains("incompatible", SUBJECT, "READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(rest.get("/subjects/" + SUBJECT + "/versions").json().toString()).isEqualTo("[1]");
        assertThat(rest.get("/subjects/" + SUBJECT + "/versions/latest").json().get("id").asInt()).isEqualTo(v1);
        assertThat(rest.get("/schemas/ids/2").errorCode()).isEqualTo(40403);
        // the rejected schema did not burn an id: the next accepted one gets 2
        assertThat(rest.register(SUBJECT, TestSchemas.V2_WITH_DEFAULT)).isEqualTo(2);
    }

    @Test
    void evolutionWithDefaultBecomesTheNextVersion() {
        int v1 = rest.register(SUBJECT, TestSchemas.V1);
        int v2 = rest.register(SUBJECT, TestSchemas.V2_WITH_DEFAULT);

        assertThat(v2).isNotEqualTo(v1);
        assertThat(rest.get("/subjects/" + SUBJECT + "/versions").json().toString()).isEqualTo("[1,2]");
        Reply latest = rest.get("/subjects/" + SUBJECT + "/versions/latest");
        assertThat(latest.json().get("version").asInt()).isEqualTo(2);
        assertThat(latest.json().get("id").asInt()).isEqualTo(v2);
        // re-registering the old version returns its id, without a new version
        assertThat(rest.register(SUBJECT, TestSchemas.V1)).isEqualTo(v1);
        assertThat(rest.get("/subjects/" + SUBJECT + "/versions").json().toString()).isEqualTo("[1,2]");
    }

    @Test
    void subjectLevelNoneLetsTheBreakingChangeInOnlyForThatSubject() {
        rest.register(SUBJECT, TestSchemas.V1);
        rest.register("other-value", TestSchemas.V1);

        Reply put = rest.put("/config/" + SUBJECT, "{\"compatibility\":\"NONE\"}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("compatibility").asText()).isEqualTo("NONE");
        assertThat(rest.get("/config/" + SUBJECT).json().get("compatibilityLevel").asText()).isEqualTo("NONE");

        assertThat(rest.post("/subjects/" + SUBJECT + "/versions", schemaBody(TestSchemas.V2_NO_DEFAULT)).status())
                .isEqualTo(200);
        assertThat(rest.post("/subjects/other-value/versions", schemaBody(TestSchemas.V2_NO_DEFAULT)).status())
                .isEqualTo(409);
        assertThat(rest.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void subjectWithoutOwnLevelAnswers40408UnlessAskedForTheGlobalDefault() {
        Reply own = rest.get("/config/" + SUBJECT);
        assertThat(own.status()).isEqualTo(404);
        assertThat(own.errorCode()).isEqualTo(40408);
        assertThat(rest.get("/config/" + SUBJECT + "?defaultToGlobal=true").json().get("compatibilityLevel").asText())
                .isEqualTo("BACKWARD");

        rest.put("/config/" + SUBJECT, "{\"compatibility\":\"full\"}");
        Reply removed = rest.delete("/config/" + SUBJECT);
        assertThat(removed.json().get("compatibilityLevel").asText()).isEqualTo("FULL");
        assertThat(rest.get("/config/" + SUBJECT).errorCode()).isEqualTo(40408);
    }

    @Test
    void globalLevelNoneAppliesToSubjectsWithoutTheirOwn() {
        rest.register(SUBJECT, TestSchemas.V1);
        rest.put("/config/strict-value", "{\"compatibility\":\"BACKWARD\"}");
        rest.register("strict-value", TestSchemas.V1);

        Reply put = rest.put("/config", "{\"compatibility\":\"NONE\"}");
        assertThat(put.json().get("compatibility").asText()).isEqualTo("NONE");
        assertThat(rest.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("NONE");

        assertThat(rest.post("/subjects/" + SUBJECT + "/versions", schemaBody(TestSchemas.V2_NO_DEFAULT)).status())
                .isEqualTo(200);
        assertThat(rest.post("/subjects/strict-value/versions", schemaBody(TestSchemas.V2_NO_DEFAULT)).status())
                .isEqualTo(409);
    }

    @Test
    void invalidLevelIsRejectedWith42203() {
        Reply reply = rest.put("/config", "{\"compatibility\":\"SOMETIMES\"}");
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.errorCode()).isEqualTo(42203);
        assertThat(rest.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void transitiveLevelsCheckEveryVersionPlainOnesOnlyTheLatest() {
        rest.put("/config/plain-value", "{\"compatibility\":\"BACKWARD\"}");
        rest.put("/config/transitive-value", "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}");
        for (String subject : new String[] {"plain-value", "transitive-value"}) {
            rest.register(subject, TRANSITIVE_V1);
            rest.register(subject, TRANSITIVE_V2);
        }

        assertThat(rest.post("/subjects/plain-value/versions", schemaBody(TRANSITIVE_V3)).status()).isEqualTo(200);
        Reply transitive = rest.post("/subjects/transitive-value/versions", schemaBody(TRANSITIVE_V3));
        assertThat(transitive.status()).isEqualTo(409);
        assertThat(transitive.json().get("message").asText()).contains("version 1");
    }

    @Test
    void forwardLevelChecksThatOldReadersCanReadNewData() {
        rest.put("/config/" + SUBJECT, "{\"compatibility\":\"FORWARD\"}");
        rest.register(SUBJECT, TestSchemas.V1);
        // a new required field is fine for old readers: they skip it
        assertThat(rest.post("/subjects/" + SUBJECT + "/versions", schemaBody(TestSchemas.V2_NO_DEFAULT)).status())
                .isEqualTo(200);
        // dropping a field old readers need (it has no default for them) is not
        String dropsId = "{\"type\":\"record\",\"name\":\"Event\",\"namespace\":\"test\",\"fields\":["
                + "{\"name\":\"count\",\"type\":\"int\"}]}";
        assertThat(rest.post("/subjects/" + SUBJECT + "/versions", schemaBody(dropsId)).status()).isEqualTo(409);
    }

    @Test
    void fullLevelNeedsBothDirections() {
        rest.put("/config/" + SUBJECT, "{\"compatibility\":\"FULL\"}");
        rest.register(SUBJECT, TestSchemas.V1);
        assertThat(rest.post("/subjects/" + SUBJECT + "/versions", schemaBody(TestSchemas.V2_NO_DEFAULT)).status())
                .isEqualTo(409);
        assertThat(rest.post("/subjects/" + SUBJECT + "/versions", schemaBody(TestSchemas.V2_WITH_DEFAULT)).status())
                .isEqualTo(200);
    }

    @Test
    void compatibilityEndpointAnswersWithoutRegistering() {
        rest.register(SUBJECT, TestSchemas.V1);

        Reply bad = rest.post("/compatibility/subjects/" + SUBJECT + "/versions/latest?verbose=true",
                schemaBody(TestSchemas.V2_NO_DEFAULT));
        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(bad.json().get("messages").get(0).asText()).contains("count");

        Reply good = rest.post("/compatibility/subjects/" + SUBJECT + "/versions/1",
                schemaBody(TestSchemas.V2_WITH_DEFAULT));
        assertThat(good.json().get("is_compatible").asBoolean()).isTrue();
        assertThat(good.json().has("messages")).isFalse();

        Reply allVersions = rest.post("/compatibility/subjects/" + SUBJECT + "/versions/",
                schemaBody(TestSchemas.V2_NO_DEFAULT));
        assertThat(allVersions.json().get("is_compatible").asBoolean()).isFalse();

        assertThat(rest.post("/compatibility/subjects/new-value/versions/latest", schemaBody(TestSchemas.V1))
                .json().get("is_compatible").asBoolean()).isTrue();
        assertThat(rest.post("/compatibility/subjects/" + SUBJECT + "/versions/9", schemaBody(TestSchemas.V1))
                .errorCode()).isEqualTo(40402);
        assertThat(rest.get("/subjects/" + SUBJECT + "/versions").json().toString()).isEqualTo("[1]");
    }
}
