package org.openclaw.oversight.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;

/** Two test classes (the nested ones) get the same servers; parameters resolve everywhere JUnit allows. */
@ExtendWith(LocalStackExtension.class)
class LocalStackExtensionITCase {

    private static final Map<String, LocalPostgres> POSTGRES_SEEN_BY_CLASS = new ConcurrentHashMap<>();
    private static final Set<KafkaBroker> KAFKA_SEEN = ConcurrentHashMap.newKeySet();
    private static LocalPostgres fromBeforeAll;

    @BeforeAll
    static void beforeAll(LocalPostgres postgres) {
        fromBeforeAll = postgres;
    }

    @AfterAll
    static void sameInstanceEverywhere() {
        assertThat(POSTGRES_SEEN_BY_CLASS).containsOnlyKeys("First", "Second");
        assertThat(Set.copyOf(POSTGRES_SEEN_BY_CLASS.values())).containsExactly(fromBeforeAll);
        assertThat(KAFKA_SEEN).hasSize(1);
    }

    @Nested
    class First {

        private final LocalPostgres postgres;

        First(LocalPostgres postgres) {
            this.postgres = postgres;
        }

        @Test
        void postgresAnswers() throws Exception {
            POSTGRES_SEEN_BY_CLASS.put("First", postgres);
            try (Connection connection = postgres.connection(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT 41 + 1")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }

        @Test
        void kafkaAnswers(KafkaBroker kafka) throws Exception {
            KAFKA_SEEN.add(kafka);
            kafka.createTopic("extension-first", 1, Map.of());
            KafkaBrokerITCase.send(kafka, "extension-first", "k", "v");
            assertThat(KafkaBrokerITCase.readAll(kafka, "extension-first", 1)).containsExactly("k=v");
        }
    }

    @Nested
    class Second {

        private LocalPostgres postgres;

        @BeforeEach
        void setUp(LocalPostgres postgres) {
            this.postgres = postgres;
        }

        @Test
        void getsTheSameServers(KafkaBroker kafka, LocalAlertmanager alertmanager) {
            POSTGRES_SEEN_BY_CLASS.put("Second", postgres);
            KAFKA_SEEN.add(kafka);
            assertThat(postgres).isSameAs(fromBeforeAll);
            assertThat(kafka.isRunning()).isTrue();
            assertThat(alertmanager.isRunning()).isTrue();
            assertThat(alertmanager.url()).startsWith("http://127.0.0.1:");
        }

        @Test
        void registryTakesASchemaOverHttp(EmbeddedSchemaRegistry registry) throws Exception {
            assertThat(registry.url()).startsWith("http://127.0.0.1:");
            HttpClient http = HttpClient.newHttpClient();
            String schema = "{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Ping\\\",\\\"fields\\\":"
                    + "[{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"string\\\"}]}";
            HttpResponse<String> registered = http.send(HttpRequest.newBuilder(
                            URI.create(registry.url() + "/subjects/localstack-ping-value/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"" + schema + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
            assertThat(registered.body()).containsPattern("\"id\"\\s*:\\s*\\d+");

            HttpResponse<String> latest = http.send(HttpRequest.newBuilder(
                            URI.create(registry.url() + "/subjects/localstack-ping-value/versions/latest")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(latest.statusCode()).isEqualTo(200);
            assertThat(latest.body()).contains("Ping").contains("\"version\":1");
        }

        @Test
        void eachTestClassCanHaveACleanDatabase() throws Exception {
            String url = postgres.createDatabase("extension_second");
            try (Connection connection = java.sql.DriverManager.getConnection(url, postgres.user(), postgres.password());
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("extension_second");
            }
        }
    }
}
