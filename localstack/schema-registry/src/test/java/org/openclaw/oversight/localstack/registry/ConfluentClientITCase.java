package org.openclaw.oversight.localstack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.avro.AvroSchema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.CachedSchemaRegistryClient;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.SchemaMetadata;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.rest.RestService;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.DeadLetter;

/**
 * The stock Confluent Java client (7.5, as shaded in Flink's avro-confluent-registry format)
 * against the embedded registry, with the project's real event schemas.
 */
class ConfluentClientITCase {

    private static final String AGENT_EVENTS = "oversight.agent-events.v1-value";

    @TempDir
    Path dataDir;

    private EmbeddedSchemaRegistry registry;
    private CachedSchemaRegistryClient client;
    private RestService restService;

    @BeforeEach
    void start() throws Exception {
        registry = EmbeddedSchemaRegistry.start(dataDir, "127.0.0.1", 0);
        client = new CachedSchemaRegistryClient(registry.url(), 100);
        restService = new RestService(registry.url());
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void registersAndReadsTheProjectSchemas() throws Exception {
        AvroSchema agentEvent = new AvroSchema(AgentEvent.getClassSchema().toString());
        int id = client.register(AGENT_EVENTS, agentEvent);
        int alertId = client.register("oversight.alerts.v1-value", new AvroSchema(Alert.getClassSchema().toString()));
        int deadLetterId = client.register("oversight.dead-letters.v1-value",
                new AvroSchema(DeadLetter.getClassSchema().toString()));

        assertThat(List.of(id, alertId, deadLetterId)).doesNotHaveDuplicates();
        // a second client has no cache, so these are real HTTP reads
        CachedSchemaRegistryClient reader = new CachedSchemaRegistryClient(registry.url(), 100);
        AvroSchema fetched = (AvroSchema) reader.getSchemaById(id);
        assertThat(fetched.rawSchema().toString()).isEqualTo(AgentEvent.getClassSchema().toString());

        SchemaMetadata latest = reader.getLatestSchemaMetadata(AGENT_EVENTS);
        assertThat(latest.getId()).isEqualTo(id);
        assertThat(latest.getVersion()).isEqualTo(1);
        assertThat(reader.getId(AGENT_EVENTS, agentEvent)).isEqualTo(id);
        assertThat(reader.getVersion(AGENT_EVENTS, agentEvent)).isEqualTo(1);
        assertThat(reader.getAllSubjects()).containsExactlyInAnyOrder(AGENT_EVENTS, "oversight.alerts.v1-value",
                "oversight.dead-letters.v1-value");
        assertThat(reader.getAllVersions(AGENT_EVENTS)).containsExactly(1);
        assertThat(reader.getAllSubjectsById(id)).containsExactly(AGENT_EVENTS);
        assertThat(reader.register(AGENT_EVENTS, agentEvent)).isEqualTo(id);
    }

    @Test
    void incompatibleRegistrationSurfacesAsConfluentsConflict() throws Exception {
        client.register("events-value", new AvroSchema(TestSchemas.V1));
        AvroSchema breaking = new AvroSchema(TestSchemas.V2_NO_DEFAULT);

        assertThat(client.testCompatibility("events-value", breaking)).isFalse();
        assertThat(client.testCompatibility("events-value", new AvroSchema(TestSchemas.V2_WITH_DEFAULT))).isTrue();
        assertThatThrownBy(() -> client.register("events-value", breaking))
                .isInstanceOfSatisfying(RestClientException.class, e -> {
                    assertThat(e.getStatus()).isEqualTo(409);
                    assertThat(e.getErrorCode()).isEqualTo(409);
                });
        assertThat(client.register("events-value", new AvroSchema(TestSchemas.V2_WITH_DEFAULT))).isEqualTo(2);
    }

    @Test
    void unknownIdSurfacesAs40403() {
        assertThatThrownBy(() -> new CachedSchemaRegistryClient(registry.url(), 10).getSchemaById(77))
                .isInstanceOfSatisfying(RestClientException.class, e -> {
                    assertThat(e.getStatus()).isEqualTo(404);
                    assertThat(e.getErrorCode()).isEqualTo(40403);
                });
    }

    @Test
    void configCallsOfTheRestServiceWork() throws Exception {
        restService.updateCompatibility("NONE", "events-value");
        assertThat(restService.getConfig("events-value").getCompatibilityLevel()).isEqualTo("NONE");
        restService.updateCompatibility("FULL_TRANSITIVE", null);
        assertThat(restService.getConfig(null).getCompatibilityLevel()).isEqualTo("FULL_TRANSITIVE");

        client.register("events-value", new AvroSchema(TestSchemas.V1));
        assertThat(client.register("events-value", new AvroSchema(TestSchemas.V2_NO_DEFAULT))).isEqualTo(2);
    }
}
