package org.openclaw.oversight.platform.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroDecoder;
import org.openclaw.oversight.connectors.kafka.SchemaRegistryClient;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.TopicReader;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.platform.OversightCommand;
import org.openclaw.oversight.schema.IncidentCommand;
import picocli.CommandLine;

/** `oversight incidents` and `oversight incident ...` against a real database, broker and registry. */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentCommandsITCase {

    private KafkaBroker kafka;
    private EmbeddedSchemaRegistry registry;
    private LocalPostgres postgres;
    private String dbUrl;
    @TempDir
    Path dataDir;

    @BeforeAll
    void setUp(KafkaBroker kafka, EmbeddedSchemaRegistry registry, LocalPostgres postgres) throws SQLException {
        this.kafka = kafka;
        this.registry = registry;
        this.postgres = postgres;
        if (!kafka.topics().contains(Topics.INCIDENT_COMMANDS)) {
            kafka.createTopic(Topics.INCIDENT_COMMANDS, 1);
        }
        dbUrl = postgres.createDatabase("incident_cli_it");
        DatabaseMigrations.migrate(new JdbcConnection(dbUrl, postgres.user(), postgres.password()));
        Instant now = Instant.now();
        try (Connection db = DriverManager.getConnection(dbUrl, postgres.user(), postgres.password())) {
            insert(db, "INC-cascade01", "CascadingFailure", "P1", "OPEN", "acme", "origin", now.minus(Duration.ofMinutes(7)), 2,
                    "[{\"action\": \"PAUSE\", \"agent\": \"origin\", \"result\": \"sent\", \"by\": \"incident-response\"}]", null, null);
            insert(db, "INC-errors001", "ErrorRateAnomaly", "P3", "CORRELATED", "acme", "b", now.minus(Duration.ofMinutes(8)), 1, "[]",
                    "INC-cascade01", null);
            insert(db, "INC-leak00001", "PiiLeak", "P1", "ACKNOWLEDGED", "globex", "hr-agent", now.minus(Duration.ofHours(2)), 3,
                    "[{\"action\": \"SHUTDOWN\", \"agent\": \"hr-agent\", \"result\": \"sent\", \"by\": \"incident-response\"}]", null,
                    now.minus(Duration.ofHours(2)));
            insert(db, "INC-closed001", "CostAnomaly", "P3", "RESOLVED", "acme", "a1", now.minus(Duration.ofHours(3)), 1, "[]", null, null);
        }
    }

    @Test
    void listsOpenIncidentsWithLevelActionsAndGdprDeadlines() {
        Result result = run("incidents");
        assertThat(result.exitCode).isZero();
        assertThat(result.output).contains("INC-cascade01").contains("CascadingFailure").contains("L2").contains("PAUSE origin sent")
                .contains("INC-leak00001").contains("ACKNOWLEDGED").contains("GDPR Art. 33 first notice due")
                .doesNotContain("INC-closed001").doesNotContain("INC-errors001");
        assertThat(result.output).containsPattern("INC-cascade01 .*7m\\d+s");
    }

    @Test
    void ackOfACorrelatedIncidentGoesToItsCascadeWithTenantAndActor() throws Exception {
        Result result = run("incident", "ack", "INC-errors001", "--by", "alice");
        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output).contains("ack INC-cascade01");
        Result restart = run("incident", "action", "INC-cascade01", "restart", "--by", "bob", "--agent", "origin");
        assertThat(restart.exitCode).as(restart.output).isZero();

        ConfluentAvroDecoder<IncidentCommand> decoder = new ConfluentAvroDecoder<>(SchemaRegistryClient.forUrl(registry.url()),
                IncidentCommand.class);
        List<IncidentCommand> sent = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readToEnd(kafka.bootstrapServers(), Topics.INCIDENT_COMMANDS,
                Duration.ofSeconds(30))) {
            sent.add(decoder.decode(record.value()));
        }
        assertThat(sent).anySatisfy(c -> {
            assertThat(c.getCommand()).isEqualTo("ack");
            assertThat(c.getIncidentId()).isEqualTo("INC-cascade01");
            assertThat(c.getTenantId()).isEqualTo("acme");
            assertThat(c.getIssuedBy()).isEqualTo("alice");
        });
        assertThat(sent).anySatisfy(c -> {
            assertThat(c.getCommand()).isEqualTo("action");
            assertThat(c.getAction()).isEqualTo("restart");
            assertThat(c.getAgentId()).isEqualTo("origin");
        });
    }

    @Test
    void refusesWhatTheJobCouldNotDo() {
        assertThat(run("incident", "action", "INC-leak00001", "restart", "--by", "bob").output).contains("restart is the manual step");
        assertThat(run("incident", "resolve", "INC-closed001", "--by", "bob").output).contains("already resolved");
        assertThat(run("incident", "ack", "INC-nope", "--by", "bob").output).contains("no incident INC-nope");
        assertThat(run("incident", "ack", "INC-cascade01", "--by", "").output).contains("--by must name who");
    }

    private record Result(int exitCode, String output) {}

    private Result run(String... args) {
        StringWriter text = new StringWriter();
        PrintWriter writer = new PrintWriter(text, true);
        CommandLine cli = OversightCommand.commandLine();
        cli.setOut(writer);
        cli.setErr(writer);
        Map<String, String> environment = new HashMap<>(Map.of("OVERSIGHT_DB_USER", postgres.user(), "OVERSIGHT_DB_PASSWORD",
                postgres.password()));
        ((IncidentsCommand) cli.getSubcommands().get("incidents").getCommand()).options.environment = environment;
        CommandLine group = cli.getSubcommands().get("incident");
        for (String sub : List.of("ack", "resolve", "action")) {
            ((IncidentGroupCommand.Base) group.getSubcommands().get(sub).getCommand()).options.environment = environment;
        }
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--registry-url", registry.url(), "--db-url", dbUrl,
                "--data-dir", dataDir.toString()));
        int code = cli.execute(all.toArray(String[]::new));
        return new Result(code, text.toString());
    }

    private static void insert(Connection db, String id, String type, String severity, String status, String tenant, String agent,
            Instant opened, int level, String actions, String correlatedInto, Instant gdprFrom) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("INSERT INTO oversight.incidents (incident_id, fingerprint, type, severity, status,"
                + " tenant_id, agent_id, summary, opened_at, escalation_level, actions_taken, correlated_into, gdpr_notice_due,"
                + " gdpr_report_due) VALUES (?, ?, ?, ?, ?, ?, ?, 's', ?, ?, CAST(? AS jsonb), ?, ?, ?)")) {
            q.setString(1, id);
            q.setString(2, "fp-" + id);
            q.setString(3, type);
            q.setString(4, severity);
            q.setString(5, status);
            q.setString(6, tenant);
            q.setString(7, agent);
            q.setTimestamp(8, Timestamp.from(opened));
            q.setInt(9, level);
            q.setString(10, actions);
            q.setString(11, correlatedInto);
            q.setTimestamp(12, gdprFrom == null ? null : Timestamp.from(gdprFrom.plus(Duration.ofHours(24))));
            q.setTimestamp(13, gdprFrom == null ? null : Timestamp.from(gdprFrom.plus(Duration.ofHours(72))));
            q.executeUpdate();
        }
    }
}
