package org.openclaw.oversight.connectors.kafka;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.AgentHeartbeat;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(LocalStackExtension.class)
class SchemaRegistryClientITCase {

    @Test
    void registersAndResolvesAgainstTheEmbeddedRegistry(EmbeddedSchemaRegistry registry) {
        String subject = "it-" + UUID.randomUUID() + "-value";
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url() + "/");

        int id = client.register(subject, AgentEvent.getClassSchema());
        assertThat(client.register(subject, AgentEvent.getClassSchema())).isEqualTo(id);

        // a fresh client has no cache: this is the registry's answer, not ours
        SchemaRegistryClient fresh = new SchemaRegistryClient(registry.url());
        assertThat(fresh.register(subject, AgentEvent.getClassSchema())).isEqualTo(id);
        assertThat(fresh.schemaById(id)).isEqualTo(AgentEvent.getClassSchema());
        assertThat(fresh.schemaById(id)).isSameAs(fresh.schemaById(id));
    }

    @Test
    void sharedClientIsOnePerUrl(EmbeddedSchemaRegistry registry) {
        assertThat(SchemaRegistryClient.forUrl(registry.url())).isSameAs(SchemaRegistryClient.forUrl(registry.url() + "/"));
    }

    @Test
    void unknownIdIsSchemaNotFoundWithTheRegistryErrorCode(EmbeddedSchemaRegistry registry) {
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url());
        assertThatThrownBy(() -> client.schemaById(987_654_321))
                .isInstanceOfSatisfying(SchemaNotFoundException.class, e -> {
                    assertThat(e.schemaId()).isEqualTo(987_654_321);
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40403);
                    assertThat(e.getMessage()).contains(registry.url()).contains("987654321");
                });
    }

    /** Issue 9: a negative id (any record starting 0x00 0x80..0xff) was taken for a registry failure and restarted the job forever. */
    @Test
    void negativeAndExtremeIdsAreSchemaNotFoundToo(EmbeddedSchemaRegistry registry) {
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url());
        for (int id : new int[] {-1, -2, Integer.MIN_VALUE, Integer.MAX_VALUE, 0}) {
            assertThatThrownBy(() -> client.schemaById(id)).as("id %d", id)
                    .isInstanceOfSatisfying(SchemaNotFoundException.class, e -> {
                        assertThat(e.schemaId()).isEqualTo(id);
                        assertThat(e.errorCode()).isEqualTo(40403);
                        assertThat(SchemaRegistryRetry.isOutage(e)).isFalse();
                    });
        }
    }

    @Test
    void aUrlThatIsNotARegistryIsAConfigurationErrorNotAnUnknownId(EmbeddedSchemaRegistry registry) {
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url() + "/not-the-registry");
        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .isNotInstanceOf(SchemaNotFoundException.class)
                .satisfies(e -> assertThat(SchemaRegistryRetry.isOutage((SchemaRegistryException) e)).isFalse())
                .hasMessageContaining("404").hasMessageContaining("--registry-url");
    }

    @Test
    void busyOrFailingRegistryAnswersAreOutages() throws IOException {
        for (int status : new int[] {500, 502, 503, 429, 408}) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = "{\"error_code\":50001,\"message\":\"store unavailable\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            try {
                SchemaRegistryClient client = new SchemaRegistryClient("http://127.0.0.1:" + server.getAddress().getPort());
                assertThatThrownBy(() -> client.schemaById(-1)).as("HTTP %d", status)
                        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                            assertThat(e).isNotInstanceOf(SchemaNotFoundException.class);
                            assertThat(e.httpStatus()).isEqualTo(status);
                            assertThat(SchemaRegistryRetry.isOutage(e)).isTrue();
                        });
            } finally {
                server.stop(0);
            }
        }
    }

    @Test
    void incompatibleSchemaIsRefusedWithTheRegistryMessage(EmbeddedSchemaRegistry registry) throws IOException {
        String subject = "it-" + UUID.randomUUID() + "-value";
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url());
        client.register(subject, AgentHeartbeat.getClassSchema());
        // a new field without a default breaks BACKWARD compatibility
        Schema breaking = new Schema.Parser().parse(AgentHeartbeat.getClassSchema().toString()
                .replace("\"fields\":[", "\"fields\":[{\"name\":\"region\",\"type\":\"string\"},"));

        assertThatThrownBy(() -> client.register(subject, breaking))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.getMessage()).contains(subject).contains("defaults");
                });
    }

    @Test
    void unreachableRegistrySaysWhereAndWhatToDo() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SchemaRegistryClient client = new SchemaRegistryClient("http://127.0.0.1:" + closedPort);

        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOfSatisfying(SchemaRegistryUnreachableException.class, e -> {
                    assertThat(e.getMessage()).contains("127.0.0.1:" + closedPort).contains("unreachable").contains("oversight up");
                    assertThat(e.httpStatus()).isEqualTo(-1);
                    assertThat(SchemaRegistryRetry.isOutage(e)).isTrue();
                });
        assertThatThrownBy(() -> client.register("s-value", AgentEvent.getClassSchema()))
                .isInstanceOf(SchemaRegistryUnreachableException.class);
    }

    @Test
    void rejectsUrlsWithoutScheme() {
        assertThatThrownBy(() -> new SchemaRegistryClient("127.0.0.1:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://");
    }
}
