package org.openclaw.oversight.platform.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.connectors.flink.LocalJobRegistry;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.SchemaVersionException;
import org.openclaw.oversight.ingestion.IngestionJob;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.Ports;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.platform.OversightCommand;
import org.openclaw.oversight.platform.stack.StackComponents;
import org.openclaw.oversight.platform.stack.StackState;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.SecretKind;
import picocli.CommandLine;

/**
 * `oversight run` as people use it, in real processes against the test's servers (recorded in the
 * data folder's stack.json as external components): two runs started in the same moment with the same
 * port settings get different web UI and metrics ports and both process events; each writes its log
 * file and keeps Flink's lines out of the terminal; `oversight status` lists both with pid, web UI,
 * uptime, restarts and last checkpoint; a second copy of a running job is refused; `oversight down`
 * stops both (a last checkpoint each) and frees their ports.
 */
@ExtendWith(LocalStackExtension.class)
class LocalRunsITCase {

    private static final Path REPO = Paths.get("..").toAbsolutePath().normalize();
    private static final Duration START_DEADLINE = Duration.ofMinutes(3);
    private static final int EVENTS = 150;

    @TempDir
    Path dataDir;

    private final List<JobProcess> processes = new ArrayList<>();

    @AfterEach
    void stopWhatIsLeft() {
        processes.forEach(JobProcess::destroy);
    }

    @Test
    void twoRunsStartedTogetherBothWorkAndStatusAndDownSeeThem(KafkaBroker kafka, EmbeddedSchemaRegistry registry,
            LocalPostgres postgres) throws Exception {
        Topics.all().forEach(topic -> kafka.createTopic(topic.name(), topic.partitions(), topic.configs()));
        String jdbcUrl = postgres.createDatabase("local_runs_it");
        ConsumerGroups.skipEverythingSentSoFar(kafka.bootstrapServers());
        StackState stack = StackState.load(dataDir.resolve("stack.json"));
        stack.put(new StackState.Component(StackComponents.KAFKA, null, kafka.bootstrapServers(), null, 0, 0));
        stack.put(new StackState.Component(StackComponents.SCHEMA_REGISTRY, null, registry.url(), null, 0, 0));
        stack.database(jdbcUrl, postgres.user(), postgres.password());
        Path dlqKey = LocalKeys.ensure(dataDir, SecretKind.DLQ_KEY); // as `oversight up` makes them
        Path piiKey = LocalKeys.ensure(dataDir, SecretKind.PII_KEY);
        // the jobs do not migrate: before `oversight migrate` a job refuses and names it
        assertThatThrownBy(() -> IngestionJob.main(jobArguments(kafka, registry, postgres, jdbcUrl, dlqKey, piiKey)))
                .isInstanceOf(SchemaVersionException.class)
                .hasMessageContaining("database schema is at none (never migrated)")
                .hasMessageContaining("run `oversight migrate`");
        assertThat(cli("migrate")).contains("Database migrations", "daily budgets in oversight.budgets");

        // the same port settings for both, as two terminals with the defaults would have
        int webUiPort = Ports.pickFree();
        int metricsPort = Ports.pickFree();
        List<String> ports = List.of("--web-ui-port", Integer.toString(webUiPort),
                "--metrics-ports", metricsPort + "-" + (metricsPort + 20));
        JobProcess ingestion = run("ingestion", ports);
        JobProcess cost = run("cost-aggregation", ports);

        Pattern addresses = Pattern.compile("web UI http://127\\.0\\.0\\.1:(\\d+) · metrics http://127\\.0\\.0\\.1:(\\d+)/metrics");
        Matcher ingestionPorts = ingestion.await(addresses, START_DEADLINE);
        Matcher costPorts = cost.await(addresses, START_DEADLINE);
        assertThat(ingestionPorts.group(1)).as("web UI ports").isNotEqualTo(costPorts.group(1));
        assertThat(ingestionPorts.group(2)).as("metrics ports").isNotEqualTo(costPorts.group(2));
        ingestion.await(Pattern.compile("ingestion  RUNNING"), START_DEADLINE);
        cost.await(Pattern.compile("cost-aggregation  RUNNING"), START_DEADLINE);

        String tenant = "runs-" + Long.toHexString(System.nanoTime());
        Instant start = Instant.now().minus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.MINUTES);
        try (AgentEventFeed feed = new AgentEventFeed(kafka.bootstrapServers(), registry.url(), tenant, start,
                Duration.ofSeconds(1), 7)) {
            feed.send(EVENTS);
            feed.pushWatermarkPast(tenant + "-watermark", Duration.ofMinutes(3), 24);
        }
        MinuteTotals tables = new MinuteTotals(jdbcUrl, postgres.user(), postgres.password());
        awaitProcessed(tables, tenant, ingestion, cost);

        // a progress line with what came in and went out
        ingestion.await(Pattern.compile("ingestion  in [1-9][0-9,]* · out [1-9]"), Duration.ofSeconds(60));

        String status = cli("status");
        assertThat(status)
                .containsPattern("job ingestion\\s+pid " + ingestion.pid() + "  http://127\\.0\\.0\\.1:" + ingestionPorts.group(1)
                        + "  up \\S+  RUNNING  restarts 0  last checkpoint #\\d+")
                .containsPattern("job cost-aggregation\\s+pid " + cost.pid() + "  http://127\\.0\\.0\\.1:" + costPorts.group(1));

        // a second copy would fence the first one's Kafka transactions: refused before anything starts
        assertThatThrownBy(() -> IngestionJob.main(jobArguments(kafka, registry, postgres, jdbcUrl, dlqKey, piiKey)))
                .isInstanceOf(LocalJobRegistry.AlreadyRunningException.class)
                .hasMessageContaining("ingestion is already running (pid " + ingestion.pid());

        for (String job : List.of("ingestion", "cost-aggregation")) {
            Path log = JobLogFile.of(dataDir, job);
            assertThat(log).exists();
            assertThat(Files.readString(log)).as(job + " log").contains("o.a.f.r.m.MiniCluster", "CheckpointCoordinator");
        }
        for (JobProcess process : List.of(ingestion, cost)) {
            // the terminal shows our lines only: no Flink or Kafka log lines
            assertThat(process.output()).as(process.name() + " terminal")
                    .doesNotContain(" INFO ", "org.apache.flink", "org.apache.kafka", "ProducerFencedException");
        }

        String down = cli("down");
        assertThat(down).contains("job ingestion    stopped (pid " + ingestion.pid() + ")",
                "job cost-aggregation stopped (pid " + cost.pid() + ")");
        assertThat(ingestion.isAlive()).isFalse();
        assertThat(cost.isAlive()).isFalse();
        assertThat(ingestion.output()).contains("last checkpoint " + dataDir.resolve("checkpoints/ingestion"), "stopped");
        assertThat(cost.output()).contains("last checkpoint " + dataDir.resolve("checkpoints/cost-aggregation"), "stopped");
        assertThat(new LocalJobRegistry(RunCommand.jobsDir(dataDir)).running()).isEmpty();
        assertThat(List.of(ingestionPorts.group(1), costPorts.group(1), ingestionPorts.group(2), costPorts.group(2)))
                .allSatisfy(port -> assertThat(Ports.isListening(Integer.parseInt(port))).as("port " + port).isFalse());
        assertThat(cli("status")).doesNotContain("job ");
    }

    /** The ingestion main as a second terminal would start it, against this test's servers. */
    private String[] jobArguments(KafkaBroker kafka, EmbeddedSchemaRegistry registry, LocalPostgres postgres, String jdbcUrl,
            Path dlqKey, Path piiKey) {
        return new String[] {"--local", "--bootstrap-servers", kafka.bootstrapServers(),
                "--registry-url", registry.url(), "--db-url", jdbcUrl, "--db-user", postgres.user(),
                "--db-password", postgres.password(), "--config-dir", REPO.resolve("config").toString(),
                "--jobs-dir", RunCommand.jobsDir(dataDir).toString(), "--checkpoint-dir", dataDir.resolve("other").toString(),
                "--dlq-key-file", dlqKey.toString(), "--pii-key-file", piiKey.toString()};
    }

    private JobProcess run(String job, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("run", job, "--home", REPO.toString(), "--data-dir", dataDir.toString(),
                "--checkpoint-interval", "2s", "--parallelism", "2"));
        args.addAll(extra);
        JobProcess process = JobProcess.start("oversight run " + job, dataDir.resolve("terminal").resolve(job + ".out"),
                OversightCommand.class.getName(), args, Map.of());
        processes.add(process);
        return process;
    }

    private static void awaitProcessed(MinuteTotals tables, String tenant, JobProcess ingestion, JobProcess cost) throws Exception {
        long end = System.nanoTime() + START_DEADLINE.toNanos();
        while (true) {
            long stored = tables.eventRowsAndDistinctIds(tenant)[1];
            long counted = tables.metricRequests(tenant);
            if (stored == EVENTS && counted == EVENTS) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("after " + START_DEADLINE + ": " + stored + " of " + EVENTS + " events stored by ingestion, "
                        + counted + " counted by cost-aggregation.\ningestion:\n" + ingestion.tail() + "\ncost-aggregation:\n" + cost.tail());
            }
            cost.runFor(Duration.ofSeconds(1)); // the pause between looks; fails if the job died
        }
    }

    private String cli(String command) {
        StringWriter text = new StringWriter();
        CommandLine cli = OversightCommand.commandLine();
        cli.setOut(new PrintWriter(text, true));
        cli.setErr(new PrintWriter(text, true));
        cli.execute(command, "--home", REPO.toString(), "--data-dir", dataDir.toString());
        return text.toString();
    }
}
