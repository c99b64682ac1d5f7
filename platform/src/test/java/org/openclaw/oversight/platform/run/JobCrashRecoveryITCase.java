package org.openclaw.oversight.platform.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroDecoder;
import org.openclaw.oversight.connectors.kafka.SchemaRegistryClient;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.cost.CostAggregationJob;
import org.openclaw.oversight.ingestion.IngestionJob;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.TopicReader;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.schema.CleanEvent;

/**
 * Issue 9 §2, a crash must not lose state: ingestion and cost-aggregation each run as their own JVM
 * (the job main with {@code --local}, as `oversight run` starts it) while agents keep sending; each is
 * killed with SIGKILL five times at seeded random points and started again, both at once. Every start
 * must say what it restores, and it must be the latest completed checkpoint on disk. After the last
 * start and a drain: every {@code agent_metrics_1m} row equals the sums over {@code agent_events} of its
 * minute (requests, tokens, cost), every event id is stored once, and the clean topic (read_committed)
 * holds each id once. Before durable checkpoints a restart began with empty window state and lost the
 * open minutes for good.
 */
@ExtendWith(LocalStackExtension.class)
class JobCrashRecoveryITCase {

    private static final Path REPO = Paths.get("..").toAbsolutePath().normalize();
    private static final int KILLS = 5;
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);
    /** Generous: on a loaded 2-core machine a job JVM needs 20-40 s to reach RUNNING. */
    private static final Duration START_DEADLINE = Duration.ofMinutes(3);
    private static final Duration DRAIN_DEADLINE = Duration.ofMinutes(3);
    /**
     * Agents send 25 events per second, event time advancing at twice the wall clock so that a few
     * minutes get rows. Not faster: a restarted job catches up its backlog partition by partition, so the
     * backlog's event-time span (backlog x speed) must stay below the allowed lateness (10 min), or
     * cost-aggregation dead-letters late events, by design, and that would not be a crash loss. At 2x a
     * backlog of 4 minutes (a slow start on a loaded machine) is still fine.
     */
    private static final int EVENTS_PER_TICK = 5;
    private static final Duration TICK = Duration.ofMillis(200);
    private static final Duration EVENT_TIME_STEP = TICK.multipliedBy(2).dividedBy(EVENTS_PER_TICK);

    @TempDir
    Path work;

    private final List<JobProcess> processes = new ArrayList<>();

    @AfterEach
    void stopWhatIsLeft() {
        processes.forEach(JobProcess::destroy);
    }

    @Test
    void killNineOfEachJobFiveTimesLosesNothingAndCountsNothingTwice(KafkaBroker kafka, EmbeddedSchemaRegistry registry,
            LocalPostgres postgres) throws Exception {
        long seed = Long.getLong("oversight.crash.seed", System.nanoTime());
        System.out.println("JobCrashRecoveryITCase: seed " + seed + " (repeat with -Doversight.crash.seed=" + seed + ")");
        Topics.all().forEach(topic -> kafka.createTopic(topic.name(), topic.partitions(), topic.configs()));
        String jdbcUrl = postgres.createDatabase("crash_recovery_it");
        DatabaseMigrations.migrate(jdbcUrl, postgres.user(), postgres.password()); // what `oversight migrate` does
        ConsumerGroups.skipEverythingSentSoFar(kafka.bootstrapServers());
        String tenant = "crash-" + Long.toHexString(seed);
        Servers servers = new Servers(kafka.bootstrapServers(), registry.url(), jdbcUrl, postgres.user(), postgres.password());

        Instant firstEventTime = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MINUTES);
        try (AgentEventFeed feed = new AgentEventFeed(kafka.bootstrapServers(), registry.url(), tenant, firstEventTime,
                EVENT_TIME_STEP, seed)) {
            ScheduledExecutorService agents = Executors.newSingleThreadScheduledExecutor();
            agents.scheduleAtFixedRate(() -> feed.send(EVENTS_PER_TICK), 0, TICK.toMillis(), TimeUnit.MILLISECONDS);

            ExecutorService loops = Executors.newFixedThreadPool(2);
            Future<CrashLoop> ingestion = loops.submit(() -> new CrashLoop("ingestion", IngestionJob.class.getName(),
                    servers, new Random(seed)).run());
            Future<CrashLoop> cost = loops.submit(() -> new CrashLoop("cost-aggregation", CostAggregationJob.class.getName(),
                    servers, new Random(seed + 1)).run());
            CrashLoop ingestionLoop = ingestion.get(20, TimeUnit.MINUTES);
            CrashLoop costLoop = cost.get(20, TimeUnit.MINUTES);
            loops.shutdown();

            // on a quiet machine the five kills can be over within a minute or two of event time: keep the last
            // runs fed until the input spans at least four minutes, so the totals cover three closed minutes
            Instant spanned = firstEventTime.plus(Duration.ofMinutes(4));
            Instant giveUp = Instant.now().plus(Duration.ofMinutes(5));
            while (feed.nextEventTime().isBefore(spanned)) {
                assertThat(Instant.now()).as("the feed reaches %s", spanned).isBefore(giveUp);
                java.util.concurrent.locks.LockSupport.parkNanos(TICK.toNanos());
            }
            agents.shutdown();
            assertThat(agents.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            feed.pushWatermarkPast(tenant + "-watermark", Duration.ofMinutes(3), 24);
            Set<String> sent = feed.ids();
            System.out.println("JobCrashRecoveryITCase: " + sent.size() + " events sent; kills: ingestion "
                    + ingestionLoop.kills + ", cost-aggregation " + costLoop.kills);

            MinuteTotals tables = new MinuteTotals(jdbcUrl, postgres.user(), postgres.password());
            awaitDrained(tables, tenant, sent.size(), costLoop.last);

            long[] rowsAndIds = tables.eventRowsAndDistinctIds(tenant);
            assertThat(rowsAndIds).as("agent_events rows and distinct ids").containsExactly(sent.size(), sent.size());
            assertThat(new HashSet<>(tables.eventIds(tenant))).isEqualTo(sent);

            Map<String, MinuteTotals.Totals> fromEvents = tables.fromEvents(tenant);
            Map<String, MinuteTotals.Totals> fromMetrics = tables.fromMetrics(tenant);
            assertThat(fromMetrics).as("agent_metrics_1m rows vs sums over agent_events, per minute, agent, model")
                    .isEqualTo(fromEvents);
            assertThat(fromEvents.size()).as("minutes x agents x models covered").isGreaterThanOrEqualTo(27); // >= 3 minutes x 3 agents x 3 models

            List<String> cleanIds = cleanTopicIds(kafka.bootstrapServers(), registry.url(), tenant);
            assertThat(cleanIds).as("clean topic ids (read_committed)").doesNotHaveDuplicates();
            assertThat(new HashSet<>(cleanIds)).isEqualTo(sent);

            for (CrashLoop loop : List.of(ingestionLoop, costLoop)) {
                assertThat(loop.restoredStarts).as(loop.job + ": starts that restored a checkpoint").isGreaterThanOrEqualTo(2);
                // 143 = 128 + SIGTERM: how a JVM ends on that signal once its shutdown hooks are done
                assertThat(loop.last.terminate(Duration.ofSeconds(90))).as(loop.job + " exit code after SIGTERM").isEqualTo(143);
                assertThat(loop.last.output()).contains("last checkpoint", "stopped");
            }
        }
    }

    private void awaitDrained(MinuteTotals tables, String tenant, int events, JobProcess pacer) throws Exception {
        long end = System.nanoTime() + DRAIN_DEADLINE.toNanos();
        long stored = 0;
        long counted = 0;
        while (System.nanoTime() < end) {
            stored = tables.eventRowsAndDistinctIds(tenant)[1];
            counted = tables.metricRequests(tenant);
            if (stored == events && counted == events) {
                return;
            }
            pacer.runFor(Duration.ofSeconds(1)); // the pause between looks; fails if the job died
        }
        throw new AssertionError("not drained within " + DRAIN_DEADLINE + ": " + events + " events sent, " + stored
                + " distinct ids in agent_events, " + counted + " requests in agent_metrics_1m");
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

    private record Servers(String bootstrap, String registryUrl, String jdbcUrl, String dbUser, String dbPassword) {}

    /** One job: start, kill -9 at a random point, start again, five times; then a last start that stays. */
    private final class CrashLoop {

        final String job;
        final String mainClass;
        final Servers servers;
        final Random random;
        final Path checkpoints;
        final List<String> kills = new ArrayList<>();
        int restoredStarts;
        JobProcess last;

        CrashLoop(String job, String mainClass, Servers servers, Random random) {
            this.job = job;
            this.mainClass = mainClass;
            this.servers = servers;
            this.random = random;
            this.checkpoints = work.resolve("checkpoints").resolve(job);
        }

        List<String> jobArguments() {
            return new ArrayList<>(List.of("--local",
                    "--bootstrap-servers", servers.bootstrap(), "--registry-url", servers.registryUrl(),
                    "--db-url", servers.jdbcUrl(), "--db-user", servers.dbUser(), "--db-password", servers.dbPassword(),
                    "--config-dir", REPO.resolve("config").toString(),
                    "--checkpoint-dir", checkpoints.toString(),
                    "--checkpoint-interval", CHECKPOINT_INTERVAL.toMillis() + "ms",
                    "--parallelism", "2", "--web-ui-port", "0", "--metrics-ports=",
                    "--dlq-key-file", LocalKeys.ensure(work, SecretKind.DLQ_KEY).toString(),
                    "--pii-key-file", LocalKeys.ensure(work, SecretKind.PII_KEY).toString()));
        }

        CrashLoop run() throws Exception {
            for (int start = 1; start <= KILLS + 1; start++) {
                JobProcess process = startAndCheckResume(start);
                if (start > KILLS) {
                    last = process;
                    return this;
                }
                process.await(Pattern.compile("^\\S+ " + job + "  RUNNING$", Pattern.MULTILINE), START_DEADLINE);
                String jobId = process.await(Pattern.compile("job id ([0-9a-f]{32})"), START_DEADLINE).group(1);
                Duration delay;
                String when;
                if (start % 2 == 0) {
                    // some kills right after a checkpoint completed: its Kafka transactions may not be committed yet
                    awaitCheckpointOfRun(process, jobId);
                    delay = Duration.ofMillis(random.nextInt(4000));
                    when = delay.toMillis() + " ms after its first checkpoint";
                } else {
                    // others anywhere from deployment and restore on
                    delay = Duration.ofMillis(300 + random.nextInt(9700));
                    when = delay.toMillis() + " ms after RUNNING";
                }
                process.runFor(delay);
                process.kill9();
                kills.add(when);
                System.out.println("JobCrashRecoveryITCase: kill -9 of " + job + " start " + start + ", " + when);
            }
            throw new IllegalStateException("unreachable");
        }

        private JobProcess startAndCheckResume(int start) throws Exception {
            Optional<Path> expected = latestCompletedCheckpoint();
            JobProcess process = JobProcess.start(job + " start " + start, work.resolve("out").resolve(job + "-" + start + ".out"),
                    mainClass, jobArguments(), Map.of());
            processes.add(process);
            String line = process.await(Pattern.compile(job + "  (resuming from checkpoint|no checkpoint yet) .*$",
                    Pattern.MULTILINE), START_DEADLINE).group();
            if (expected.isPresent()) {
                assertThat(line).as(job + " start " + start).contains("resuming from checkpoint " + expected.get());
                restoredStarts++;
            } else {
                assertThat(line).as(job + " start " + start).contains("no checkpoint yet");
            }
            return process;
        }

        private void awaitCheckpointOfRun(JobProcess process, String jobId) throws Exception {
            Path run = checkpoints.resolve(jobId);
            long end = System.nanoTime() + START_DEADLINE.toNanos();
            while (completedIn(run).isEmpty()) {
                if (System.nanoTime() > end) {
                    throw new AssertionError(job + " completed no checkpoint within " + START_DEADLINE + ":\n" + process.tail());
                }
                process.runFor(Duration.ofMillis(200));
            }
        }

        /** The newest chk-N/_metadata of any run, by our own listing (not the code under test). */
        private Optional<Path> latestCompletedCheckpoint() throws IOException {
            if (!Files.isDirectory(checkpoints)) {
                return Optional.empty();
            }
            try (Stream<Path> runs = Files.list(checkpoints)) {
                return runs.flatMap(r -> completedIn(r).stream())
                        .max((a, b) -> modified(a.resolve("_metadata")).compareTo(modified(b.resolve("_metadata"))));
            }
        }

        private List<Path> completedIn(Path run) {
            if (!Files.isDirectory(run)) {
                return List.of();
            }
            try (Stream<Path> children = Files.list(run)) {
                return children.filter(c -> c.getFileName().toString().matches("chk-\\d+"))
                        .filter(c -> Files.isRegularFile(c.resolve("_metadata"))).toList();
            } catch (IOException e) {
                return List.of(); // a folder Flink deleted while we listed
            }
        }

        private Instant modified(Path file) {
            try {
                return Files.getLastModifiedTime(file).toInstant();
            } catch (IOException e) {
                return Instant.MIN;
            }
        }
    }
}
