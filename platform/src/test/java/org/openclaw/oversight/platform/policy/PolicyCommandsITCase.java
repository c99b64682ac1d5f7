package org.openclaw.oversight.platform.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.enforcement.ChangeApprovals;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.TopicReader;
import picocli.CommandLine;

/**
 * {@code policy push} and {@code change approve} against a real broker and PostgreSQL: a valid document lands on the
 * compacted topic with an audit entry (actor, version, content hash) and the retention rows; a bad one is refused and
 * publishes nothing; approvals are stored once per person, audited and published under their key.
 */
@ExtendWith(LocalStackExtension.class)
class PolicyCommandsITCase {

    @TempDir
    Path dir;

    private record Run(int code, String out) {}

    private static Run run(Callable<Integer> command, Map<String, String> environment, String... args) throws Exception {
        CommandLine cli = new CommandLine(command);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.parseArgs(args);
        PolicyOptions options = command instanceof PolicyPushCommand push ? push.options : ((ChangeApproveCommand) command).options;
        options.environment = environment;
        return new Run(command.call(), out.toString());
    }

    @Test
    void pushAndApproveArePublishedStoredAndAudited(KafkaBroker broker, LocalPostgres postgres) throws Exception {
        if (!broker.topics().contains(Topics.POLICIES)) {
            broker.createTopic(Topics.POLICIES, 1, Map.of("cleanup.policy", "compact"));
        }
        String url = postgres.createDatabase("policy_cli_it");
        DatabaseMigrations.migrate(url, postgres.user(), postgres.password());
        Map<String, String> env = Map.of(JdbcConnection.USER_VARIABLE, postgres.user(), JdbcConnection.PASSWORD_VARIABLE, postgres.password());
        String set = "it-" + UUID.randomUUID();
        String[] common = {"--config-dir", "../config", "--bootstrap-servers", broker.bootstrapServers(), "--db-url", url,
                "--data-dir", dir.toString()};

        Path good = dir.resolve("good.yml");
        Files.writeString(good, "version: it-1\n" + Files.readString(Path.of("../config/policies.yml")));
        Run pushed = run(new PolicyPushCommand(), env, concat(new String[] {good.toString(), "--by", "alice", "--policy-set", set}, common));
        assertThat(pushed.code()).isZero();
        assertThat(pushed.out()).contains("published version it-1 to " + Topics.POLICIES, "wrote 3 row(s) to oversight.compliance_retention");

        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, "policies:\n  global:\n    rules:\n      max_cost_per_interaction: cheap\n");
        Run refused = run(new PolicyPushCommand(), env, concat(new String[] {bad.toString(), "--by", "alice", "--policy-set", set}, common));
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.out()).contains("refused, nothing published", "bad.yml:4: key 'policies.global.rules.max_cost_per_interaction'");

        String agent = "finance-agent-" + set;
        assertThat(run(new ChangeApproveCommand(), env, concat(new String[] {"--agent", agent, "--version", "2.0.0", "--by", "alice"}, common))
                .out()).contains("(1 of 2 approvals");
        assertThat(run(new ChangeApproveCommand(), env, concat(new String[] {"--agent", agent, "--version", "2.0.0", "--by", "alice"}, common))
                .out()).contains("already; nothing changed");
        assertThat(run(new ChangeApproveCommand(), env, concat(new String[] {"--agent", agent, "--version", "2.0.0", "--by", "bob"}, common))
                .out()).contains("(2 of 2 approvals");

        List<String> keys = new ArrayList<>();
        String document = null;
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readToEnd(broker.bootstrapServers(), Topics.POLICIES, Duration.ofSeconds(30))) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            if (key.equals(set)) {
                document = new String(record.value(), StandardCharsets.UTF_8);
            }
            if (key.equals(set) || key.contains(agent)) {
                keys.add(key);
            }
        }
        assertThat(keys).containsExactly(set, ChangeApprovals.key(agent, "2.0.0", "alice"), ChangeApprovals.key(agent, "2.0.0", "bob"));
        assertThat(document).isEqualTo(Files.readString(good));

        try (Connection c = new JdbcConnection(url, postgres.user(), postgres.password()).open(); Statement s = c.createStatement()) {
            try (ResultSet row = s.executeQuery("SELECT actor, action, resource, details->>'version', details->>'sha256' FROM oversight.audit_log "
                    + "ORDER BY seq")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1) + " " + row.getString(2) + " " + row.getString(3) + " " + row.getString(4))
                        .isEqualTo("alice policy.push policy-set:" + set + " it-1");
                assertThat(row.getString(5)).hasSize(64);
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1) + " " + row.getString(2)).isEqualTo("alice change.approve");
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1) + " " + row.getString(2)).isEqualTo("bob change.approve");
                assertThat(row.next()).as("the refused push and the repeated approval left no entry").isFalse();
            }
            try (ResultSet row = s.executeQuery("SELECT count(*) FROM oversight.change_approvals")) {
                row.next();
                assertThat(row.getInt(1)).isEqualTo(2);
            }
            try (ResultSet row = s.executeQuery("SELECT string_agg(agent_id, ',' ORDER BY agent_id) FROM oversight.compliance_retention")) {
                row.next();
                assertThat(row.getString(1)).isEqualTo("finance-agent,hr-screening-agent,legal-agent");
            }
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
