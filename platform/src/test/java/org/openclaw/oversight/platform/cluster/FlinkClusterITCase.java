package org.openclaw.oversight.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroDecoder;
import org.openclaw.oversight.connectors.kafka.SchemaRegistryClient;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalAlertmanager;
import org.openclaw.oversight.localstack.LocalPrometheus;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.Ports;
import org.openclaw.oversight.localstack.ResidentMemory;
import org.openclaw.oversight.localstack.ServerProcess;
import org.openclaw.oversight.localstack.TopicReader;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.platform.run.AgentEventFeed;
import org.openclaw.oversight.platform.run.ConsumerGroups;
import org.openclaw.oversight.platform.run.MinuteTotals;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.SecretKind;

/**
 * Issue 15: the shaded job jars on a real multi-process Flink cluster. One JobManager and two TaskManagers,
 * each its own JVM on a distribution's classpath; ingestion and cost-aggregation submitted through the REST
 * API at parallelism 2 (one subtask of each on each TaskManager), with the program arguments of their
 * FlinkDeployments. While agents send, one TaskManager is killed with SIGKILL and a new one started: both
 * jobs recover from their last checkpoint. Then both are stopped with a savepoint, the jars submitted again
 * from those savepoints (the upgrade path of `oversight deploy --upgrade`) while agents keep sending. After a
 * drain: every event is in agent_events exactly once, every agent_metrics_1m row equals the sums over its
 * minute's events, and the clean topic (read_committed) holds each event id once. A real Prometheus (Debian's, as
 * `oversight up` starts it) scrapes the cluster's reporters meanwhile, and the seed's metrics are read back through
 * its HTTP API under their exact names, labels and types.
 */
@ExtendWith(LocalStackExtension.class)
class FlinkClusterITCase {

    private static final Path REPO = Paths.get("..").toAbsolutePath().normalize();
    private static final List<String> JOBS = List.of("ingestion", "cost-aggregation");
    private static final Duration START = Duration.ofMinutes(3);
    private static final int EVENTS_PER_TICK = 5;
    private static final Duration TICK = Duration.ofMillis(200);
    /** Event time runs at twice the wall clock, so minutes close within the test (as in JobCrashRecoveryITCase). */
    private static final Duration EVENT_TIME_STEP = TICK.multipliedBy(2).dividedBy(EVENTS_PER_TICK);

    @TempDir
    Path work;

    private final List<ServerProcess> processes = new ArrayList<>();
    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void stopCluster() throws Exception {
        for (AutoCloseable server : servers) {
            server.close();
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop(Duration.ofSeconds(20));
        }
    }

    @Test
    void jobsSurviveATaskManagerKillAndAnUpgradeFromSavepointWithoutLossOrDuplicates(KafkaBroker kafka,
            EmbeddedSchemaRegistry registry, LocalPostgres postgres, LocalAlertmanager alertmanager) throws Exception {
        Topics.all().forEach(topic -> kafka.createTopic(topic.name(), topic.partitions(), topic.configs()));
        String jdbcUrl = postgres.createDatabase("flink_cluster_it");
        DatabaseMigrations.migrate(jdbcUrl, postgres.user(), postgres.password()); // what `oversight migrate` does
        ConsumerGroups.skipEverythingSentSoFar(kafka.bootstrapServers());
        LocalKeys.ensure(work, SecretKind.DLQ_KEY);
        LocalKeys.ensure(work, SecretKind.PII_KEY);

        int metricsBase = Ports.pickFree();
        FlinkCluster cluster = FlinkCluster.at(work.resolve("cluster"),
                new FlinkCluster.Ports(Ports.pickFree(), Ports.pickFree(), metricsBase + "-" + (metricsBase + 5))).prepare();
        long clusterStart = System.nanoTime();
        processes.add(cluster.startJobManager(START));
        processes.add(cluster.startTaskManager("taskmanager-1", 1, START));
        processes.add(cluster.startTaskManager("taskmanager-2", 2, START));
        Duration clusterStartTime = Duration.ofNanos(System.nanoTime() - clusterStart);

        List<String> args = new ArrayList<>(ClusterJobArguments.of(kafka.bootstrapServers(), registry.url(), jdbcUrl,
                "http://127.0.0.1:9", REPO.resolve("config"), work));
        // the test database's credentials (on Kubernetes: OVERSIGHT_DB_* from a Secret) and frequent checkpoints
        args.addAll(List.of("--db-user", postgres.user(), "--db-password", postgres.password(), "--checkpoint-interval", "2s"));
        JobDeployment deployment = new JobDeployment(cluster.rest());
        Map<String, String> jobIds = new LinkedHashMap<>();
        for (String job : JOBS) {
            jobIds.put(job, deployment.start(JobDeployment.jobJar(REPO, job), args, 2, null, START).jobId());
        }
        assertThat(cluster.rest().overview().orElseThrow().slotsAvailable()).as("free slots with both jobs running").isZero();
        Map<String, Long> rss = new LinkedHashMap<>();
        processes.forEach(p -> rss.put(p.name(), ResidentMemory.of(p.pid())));

        String tenant = "cluster-" + Long.toHexString(System.nanoTime());
        Instant firstEventTime = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MINUTES);
        try (AgentEventFeed feed = new AgentEventFeed(kafka.bootstrapServers(), registry.url(), tenant, firstEventTime,
                EVENT_TIME_STEP, 15)) {
            ScheduledExecutorService agents = Executors.newSingleThreadScheduledExecutor();
            agents.scheduleAtFixedRate(() -> feed.send(EVENTS_PER_TICK), 0, TICK.toMillis(), TimeUnit.MILLISECONDS);

            List<String> reporters = new ArrayList<>();
            for (int port = metricsBase; port <= metricsBase + 5; port++) {
                reporters.add("127.0.0.1:" + port);
            }
            LocalPrometheus prometheus = LocalPrometheus.start(work.resolve("prometheus"), 0, new LocalPrometheus.Targets(reporters,
                    "127.0.0.1:" + alertmanager.port(), List.of(REPO.resolve("deploy/prometheus/rules/openclaw-alerts.yml"),
                            REPO.resolve("deploy/prometheus/rules/budgets.yml")), Duration.ofSeconds(1)));
            servers.add(prometheus);
            for (String job : JOBS) {
                awaitCompletedCheckpoints(cluster.rest(), jobIds.get(job), 2);
            }
            ServerProcess victim = processes.get(1);
            long killedAt = System.nanoTime();
            ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly(); // kill -9: no shutdown hooks, no goodbye
            victim.awaitExit(Duration.ofSeconds(30));
            processes.add(cluster.startTaskManager("taskmanager-3", 2, START));
            for (String job : JOBS) {
                awaitRestartedAndRunning(cluster.rest(), deployment, jobIds.get(job));
            }
            Duration recovery = Duration.ofNanos(System.nanoTime() - killedAt);
            for (String job : JOBS) {
                FlinkRest.Checkpoints checkpoints = cluster.rest().checkpoints(jobIds.get(job));
                assertThat(checkpoints.restored()).as(job + ": restores from a checkpoint after the kill").isGreaterThanOrEqualTo(1);
                awaitCompletedCheckpoints(cluster.rest(), jobIds.get(job), checkpoints.completed() + 1);
            }

            // the upgrade path: stop with a savepoint, submit the jar again from it; agents keep sending meanwhile
            Map<String, String> savepoints = new LinkedHashMap<>();
            for (String job : JOBS) {
                savepoints.put(job, deployment.stopWithSavepoint(job, cluster.savepointDir().resolve(job), START));
                assertThat(cluster.rest().jobState(jobIds.get(job))).isEqualTo("FINISHED");
            }
            for (String job : JOBS) {
                JobDeployment.Deployed upgraded = deployment.start(JobDeployment.jobJar(REPO, job), args, 2, savepoints.get(job), START);
                assertThat(cluster.rest().checkpoints(upgraded.jobId()).restoredPath()).as(job + " restored from")
                        .isEqualTo(savepoints.get(job));
                jobIds.put(job, upgraded.jobId());
            }

            Instant spanned = firstEventTime.plus(Duration.ofMinutes(4));
            Instant giveUp = Instant.now().plus(Duration.ofMinutes(5));
            while (feed.nextEventTime().isBefore(spanned)) {
                assertThat(Instant.now()).as("the feed reaches %s", spanned).isBefore(giveUp);
                LockSupport.parkNanos(TICK.toNanos());
            }
            agents.shutdown();
            assertThat(agents.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            feed.pushWatermarkPast(tenant + "-watermark", Duration.ofMinutes(3), 24);
            Set<String> sent = feed.ids();

            MinuteTotals tables = new MinuteTotals(jdbcUrl, postgres.user(), postgres.password());
            awaitDrained(tables, tenant, sent.size());
            assertThat(tables.eventRowsAndDistinctIds(tenant)).as("agent_events rows and distinct ids").containsExactly(sent.size(), sent.size());
            assertThat(new HashSet<>(tables.eventIds(tenant))).isEqualTo(sent);
            Map<String, MinuteTotals.Totals> fromEvents = tables.fromEvents(tenant);
            assertThat(tables.fromMetrics(tenant)).as("agent_metrics_1m rows vs sums over agent_events").isEqualTo(fromEvents);
            assertThat(fromEvents.size()).as("minutes x agents x models covered").isGreaterThanOrEqualTo(27);
            List<String> cleanIds = cleanTopicIds(kafka.bootstrapServers(), registry.url(), tenant);
            assertThat(cleanIds).as("clean topic ids (read_committed)").doesNotHaveDuplicates();
            assertThat(new HashSet<>(cleanIds)).isEqualTo(sent);

            PrometheusApi api = new PrometheusApi(prometheus.url());
            String selector = "{tenant_id=\"" + tenant + "\"}";
            assertThat(api.awaitValue("sum(openclaw_messages_total" + selector + ")", v -> v > 0)).isPositive();
            assertThat(api.series("openclaw_messages_total" + selector)).allSatisfy(labels -> assertThat(labels)
                    .containsEntry("job", "cost-aggregation").containsKeys("channel", "model").doesNotContainKey("subtask_index"));
            assertThat(api.awaitValue("sum(openclaw_token_usage_total{tenant_id=\"" + tenant + "\",type=\"output\"})", v -> v > 0)).isPositive();
            assertThat(api.awaitValue("sum(openclaw_llm_cost_eur_total" + selector + ")", v -> v > 0)).isPositive();
            // the feed's LLM calls last 50 ms to 4.05 s: the P95 of the histogram's buckets lies within
            assertThat(api.awaitValue("histogram_quantile(0.95, sum by (le) (rate(openclaw_llm_latency_seconds_bucket" + selector + "[1m])))",
                    v -> !Double.isNaN(v))).isBetween(0.05, 4.05);
            assertThat(api.awaitValue("sum(oversight_events_in_total{job=\"ingestion\",topic=\"oversight.agent-events.v1\"})", v -> v > 0)).isPositive();
            assertThat(api.awaitValue("sum(oversight_events_out_total{job=\"ingestion\",topic=\"oversight.clean-events.v1\"})", v -> v > 0)).isPositive();
            assertThat(api.metadataType("openclaw_messages_total")).isEqualTo("counter");
            assertThat(api.metadataType("openclaw_llm_latency_seconds")).isEqualTo("histogram");
            assertThat(api.metadataType("openclaw_llm_cost_eur_total")).isEqualTo("counter");

            System.out.printf("FlinkClusterITCase: cluster start %.1f s (JobManager + 2 TaskManagers, sequential); RSS with both "
                    + "jobs running: %s; recovery after kill -9 of a TaskManager (kill -> new TaskManager -> all tasks of "
                    + "both jobs RUNNING): %.1f s; %d events%n", clusterStartTime.toMillis() / 1000.0, mib(rss),
                    recovery.toMillis() / 1000.0, sent.size());
        }
    }

    private static String mib(Map<String, Long> rss) {
        StringBuilder out = new StringBuilder();
        rss.forEach((name, bytes) -> out.append(out.length() == 0 ? "" : ", ").append(name).append(' ').append(bytes >> 20).append(" MiB"));
        return out.toString();
    }

    private static void awaitCompletedCheckpoints(FlinkRest rest, String jobId, long atLeast) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (rest.checkpoints(jobId).completed() < atLeast) {
            assertThat(System.nanoTime()).as("job %s completes %d checkpoints", jobId, atLeast).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
    }

    /** The job noticed the lost TaskManager (a restart) and runs every task again. */
    private static void awaitRestartedAndRunning(FlinkRest rest, JobDeployment deployment, String jobId) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (rest.restarts(jobId) < 1) {
            assertThat(System.nanoTime()).as("job %s restarts after the kill", jobId).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        deployment.awaitAllTasksRunning(jobId, START);
    }

    private static void awaitDrained(MinuteTotals tables, String tenant, int events) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        long stored = 0;
        long counted = 0;
        while (System.nanoTime() < end) {
            stored = tables.eventRowsAndDistinctIds(tenant)[1];
            counted = tables.metricRequests(tenant);
            if (stored == events && counted == events) {
                return;
            }
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        }
        throw new AssertionError("not drained: " + events + " events sent, " + stored + " distinct ids in agent_events, "
                + counted + " requests in agent_metrics_1m");
    }

    private static List<String> cleanTopicIds(String bootstrap, String registryUrl, String tenant) {
        ConfluentAvroDecoder<CleanEvent> decoder = new ConfluentAvroDecoder<>(SchemaRegistryClient.forUrl(registryUrl), CleanEvent.class);
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readToEnd(bootstrap, Topics.CLEAN_EVENTS, Duration.ofMinutes(2))) {
            CleanEvent event = decoder.decode(record.value());
            if (tenant.equals(event.getTenantId())) {
                ids.add(event.getEventId());
            }
        }
        return ids;
    }
}
