package org.openclaw.oversight.localstack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ids, versions and levels survive restarts; crashes mid-write and double starts are handled. */
class PersistenceITCase {

    @TempDir
    Path dataDir;

    @Test
    void restartOnTheSameDataDirKeepsIdsVersionsAndLevels() throws Exception {
        int v1;
        int v2;
        int other;
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(dataDir, "127.0.0.1", 0)) {
            RegistryRestCalls rest = new RegistryRestCalls(registry.url());
            other = rest.register("other-value", TestSchemas.numbered(1));
            v1 = rest.register("events-value", TestSchemas.V1);
            v2 = rest.register("events-value", TestSchemas.V2_WITH_DEFAULT);
            rest.put("/config/events-value", "{\"compatibility\":\"FULL\"}");
            rest.put("/config", "{\"compatibility\":\"FORWARD\"}");
            rest.delete("/subjects/other-value");
        }

        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(dataDir, "127.0.0.1", 0)) {
            RegistryRestCalls rest = new RegistryRestCalls(registry.url());
            assertThat(rest.get("/subjects/events-value/versions").json().toString()).isEqualTo("[1,2]");
            assertThat(rest.get("/subjects/events-value/versions/1").json().get("id").asInt()).isEqualTo(v1);
            assertThat(rest.get("/subjects/events-value/versions/2").json().get("id").asInt()).isEqualTo(v2);
            assertThat(rest.get("/schemas/ids/" + other).status()).isEqualTo(200);
            assertThat(rest.get("/subjects").json().toString()).isEqualTo("[\"events-value\"]");
            assertThat(rest.get("/config/events-value").json().get("compatibilityLevel").asText()).isEqualTo("FULL");
            assertThat(rest.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("FORWARD");
            // same schema: same id; new schema: the next id, never a reused one
            assertThat(rest.register("events-value", TestSchemas.V1)).isEqualTo(v1);
            assertThat(rest.register("fresh-value", TestSchemas.numbered(2))).isEqualTo(4);
        }
    }

    @Test
    void tornLastRecordFromACrashIsDroppedAndTheRegistryKeepsWorking() throws Exception {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(dataDir, "127.0.0.1", 0)) {
            new RegistryRestCalls(registry.url()).register("events-value", TestSchemas.V1);
        }
        Path log = dataDir.resolve(ChangeLog.LOG_FILE);
        Files.writeString(log, "{\"op\":\"register\",\"subject\":\"events-v", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(dataDir, "127.0.0.1", 0)) {
            RegistryRestCalls rest = new RegistryRestCalls(registry.url());
            assertThat(rest.get("/subjects/events-value/versions").json().toString()).isEqualTo("[1]");
            assertThat(rest.register("events-value", TestSchemas.V2_WITH_DEFAULT)).isEqualTo(2);
        }
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(dataDir, "127.0.0.1", 0)) {
            RegistryRestCalls rest = new RegistryRestCalls(registry.url());
            assertThat(rest.get("/subjects/events-value/versions").json().toString()).isEqualTo("[1,2]");
        }
        assertThat(Files.readAllLines(log)).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("{\"op\""));
    }

    @Test
    void corruptRecordInTheMiddleStopsTheStartWithAClearMessage() throws Exception {
        Path log = dataDir.resolve(ChangeLog.LOG_FILE);
        Files.writeString(log, "not json\n{\"op\":\"level\",\"level\":\"NONE\"}\n");

        assertThatThrownBy(() -> EmbeddedSchemaRegistry.start(dataDir, "127.0.0.1", 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt at line 1");
    }

    @Test
    void secondRegistryOnTheSameDataDirIsRefused() throws Exception {
        try (EmbeddedSchemaRegistry first = EmbeddedSchemaRegistry.start(dataDir, "127.0.0.1", 0)) {
            assertThatThrownBy(() -> EmbeddedSchemaRegistry.start(dataDir, "127.0.0.1", 0))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("in use by another running registry");
            assertThat(new RegistryRestCalls(first.url()).get("/subjects").status()).isEqualTo(200);
        }
    }

    @Test
    void closeReleasesThePortAndTheDataDir() throws Exception {
        int port;
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(dataDir, "127.0.0.1", 0)) {
            port = registry.port();
        }
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
        try (EmbeddedSchemaRegistry again = EmbeddedSchemaRegistry.start(dataDir, "127.0.0.1", port)) {
            assertThat(again.port()).isEqualTo(port);
            assertThat(new RegistryRestCalls(again.url()).get("/subjects").status()).isEqualTo(200);
        }
    }

    @Test
    void portInUseFailsWithAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedSchemaRegistry.start(dataDir, "127.0.0.1", taken.getLocalPort()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
        // the failed start must not keep the data dir locked
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(dataDir, "127.0.0.1", 0)) {
            assertThat(registry.port()).isPositive();
        }
    }
}
