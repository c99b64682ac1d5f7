package org.openclaw.oversight.bench.choices;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.openclaw.oversight.bench.BenchArguments;
import org.openclaw.oversight.bench.FlinkEnvironments;
import org.openclaw.oversight.bench.ScratchDirectory;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.connectors.timescale.JdbcUpsertSink;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.cost.AgentMetrics;
import org.openclaw.oversight.cost.MetricsTables;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.ServerProcess;

/**
 * Issue 10, after the decision: {@code UpsertSink} was replaced by {@code JdbcUpsertSink}
 * (flink-connector-jdbc's {@code JdbcSink} underneath), so there is no "ours" left to race. What this
 * measures now is the configuration the tables use against the one they do not, same job, same input,
 * same JVM: a generated stream of {@code agent_metrics_1m} rows ({@link MetricsRowStream}: 240 keys a
 * minute, one row in five a late correction of an existing key) → {@code keyBy} the row key → the
 * sink, parallelism 2, checkpoints on, into PostgreSQL (oversight-localstack, migrated).
 *
 * <ol>
 *   <li>The raw library with pgjdbc's {@code reWriteBatchedInserts=true} on that stream: expected to
 *       fail (a multi-row upsert may not touch a key twice), reported with PostgreSQL's reason — why
 *       {@code JdbcUpsertSink} cuts a rewritten batch at a repeated key.</li>
 *   <li>Corrections (the metrics tables): {@code MetricsTables.agentMetrics} as the cost job configures
 *       it (batch {@value JdbcUpsertSink#DEFAULT_BATCH_SIZE}, {@code rewriteBatchedInserts()}: key-unique
 *       batches, cut at every repeated key) vs the same without the rewrite (one statement per row).</li>
 *   <li>Inserts only, every row a new key (like the ingestion tables): the same pair.</li>
 * </ol>
 * The first variant of each pair is the chosen one; the ratio is chosen/other (above 1: the choice is
 * faster). After every run the table must hold exactly the expected rows (count, sums) and every run of
 * the same input the same MD5 over all columns. Options: {@code --events N} rows (60000), {@code --rounds}
 * (3), {@code --parallelism} (2), {@code --checkpoint-ms} (2000), {@code --jdbc-batch-size} (the batch
 * of every variant, {@value JdbcUpsertSink#DEFAULT_BATCH_SIZE}), {@code --tune} (first try the chosen
 * configuration at 500, 1000, 2000, 5000 on the corrections and keep the fastest), {@code --skip-inserts-only}.
 */
public final class SinkVsJdbcBenchmark {

    /** The interval flush of the cost job's sinks ({@code dbFlushInterval}). */
    static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

    private SinkVsJdbcBenchmark() {}

    /** What one comparison found. */
    record Comparison(String rewriteOnCorrections, AlternatingRounds.Result corrections, AlternatingRounds.Result insertsOnly,
            int batchSize) {}

    record Settings(long rows, int rounds, int parallelism, long checkpointMs, int batchSize, boolean tune,
            boolean insertsOnly) {}

    public static void main(String[] args) throws Exception {
        BenchArguments a = new BenchArguments(args, "--events", "--rounds", "--parallelism", "--checkpoint-ms", "--jdbc-batch-size",
                "--tune", "--skip-inserts-only");
        Settings settings = new Settings(a.number("--events", 60_000), a.integer("--rounds", 3), a.integer("--parallelism", 2),
                a.number("--checkpoint-ms", 2_000), a.integer("--jdbc-batch-size", JdbcUpsertSink.DEFAULT_BATCH_SIZE), a.flag("--tune"),
                !a.flag("--skip-inserts-only"));
        ServerProcess.stopWithThisJvm(); // stopped with Ctrl-C, the benchmark must not leave PostgreSQL running
        try (ScratchDirectory dir = new ScratchDirectory("oversight-bench-sink-vs-jdbc");
             LocalPostgres postgres = LocalPostgres.start(dir.path().resolve("postgres"), 0, false)) {
            JdbcConnection db = new JdbcConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
            DatabaseMigrations.migrate(db);
            Comparison c = compare(db, settings, new CpuClock(postgres.pid()), System.out);
            System.out.printf("%nmachine: %d cores, load average %.1f; parallelism %d; checkpoints every %d ms; %,d rows per run%n",
                    Runtime.getRuntime().availableProcessors(), java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage(), settings.parallelism(), settings.checkpointMs(), settings.rows());
            System.out.println("raw library with reWriteBatchedInserts=true on the stream with corrections: " + c.rewriteOnCorrections());
            AlternatingRounds.report("agent_metrics_1m upserts with corrections: rewrite with key-unique batches (chosen) vs "
                    + "no rewrite, batch " + c.batchSize() + ", rows/s", "rows/s", c.corrections(),
                    AlternatingRounds.Names.CHOSEN_OTHER, System.out);
            if (c.insertsOnly() != null) {
                AlternatingRounds.report("inserts only (no key repeats): rewrite with key-unique batches (chosen) vs no rewrite, "
                        + "batch " + c.batchSize() + ", rows/s", "rows/s", c.insertsOnly(),
                        AlternatingRounds.Names.CHOSEN_OTHER, System.out);
            }
        }
    }

    static Comparison compare(JdbcConnection db, Settings s, CpuClock cpu, PrintStream log) throws Exception {
        MetricsRowStream corrections = MetricsRowStream.withCorrections();
        long warmUp = Math.max(s.rows() / 4, MetricsRowStream.BLOCK);

        String rewrite = rewriteOutcome(db, s, corrections, Math.min(s.rows(), 20L * MetricsRowStream.BLOCK), log);

        int batch = s.batchSize();
        if (s.tune()) {
            batch = tunedBatchSize(db, s, corrections, log);
        }
        int size = batch;
        AlternatingRounds.Result upserts = AlternatingRounds.run(s.rounds(), s.rows(), warmUp,
                (label, rows) -> write(db, s, corrections, rows, sink(db, size, true), label, cpu),
                (label, rows) -> write(db, s, corrections, rows, sink(db, size, false), label, cpu),
                AlternatingRounds.Names.CHOSEN_OTHER, log);

        AlternatingRounds.Result insertsOnly = null;
        if (s.insertsOnly()) {
            MetricsRowStream inserts = MetricsRowStream.insertsOnly();
            insertsOnly = AlternatingRounds.run(s.rounds(), s.rows(), warmUp,
                    (label, rows) -> write(db, s, inserts, rows, sink(db, size, true), label, cpu),
                    (label, rows) -> write(db, s, inserts, rows, sink(db, size, false), label, cpu),
                    AlternatingRounds.Names.CHOSEN_OTHER, log);
        }
        return new Comparison(rewrite, upserts, insertsOnly, size);
    }

    /** The cost job's agent_metrics_1m sink ({@code MetricsTables}), with this batch size, rewriting or not. */
    static Sink<AgentMetrics> sink(JdbcConnection db, int batchSize, boolean rewrite) {
        JdbcUpsertSink.Builder<AgentMetrics> sink = MetricsTables.agentMetricsColumns(MetricsTables.AGENT_METRICS_1M)
                .batchSize(batchSize).flushInterval(FLUSH_INTERVAL);
        return (rewrite ? sink.rewriteBatchedInserts() : sink).build(db);
    }

    /** The raw library (no JdbcUpsertSink around it), as the decision benchmark configured it. */
    static Sink<AgentMetrics> rawLibrary(JdbcConnection db, int batchSize, boolean rewrite, int maxRetries) {
        return JdbcConnectorMetricsSink.build(db.url(), db.user(), db.password(), batchSize, FLUSH_INTERVAL.toMillis(), rewrite,
                maxRetries);
    }

    /** The library with rewriting on the stream with corrections: "fails (reason)" or the table digest if it worked. */
    static String rewriteOutcome(JdbcConnection db, Settings s, MetricsRowStream stream, long rows, PrintStream log) throws Exception {
        log.printf("library with reWriteBatchedInserts=true on %,d rows with corrections ...%n", rows);
        String label = "rewrite-check-" + System.nanoTime();
        // no retries: PostgreSQL refuses the statement for what it is, a retry gets the same answer
        Sink<AgentMetrics> sink = new FailureRecordingSink<>(rawLibrary(db, s.batchSize(), true, 0), label);
        try {
            return "worked: " + write(db, s, stream, rows, sink, label).digest();
        } catch (Exception e) {
            Throwable inWriter = FailureRecordingSink.FAILURES.remove(label);
            return "fails (" + databaseReason(inWriter != null ? inWriter : e) + ")";
        }
    }

    /** PostgreSQL's message ("ERROR: ...") from a driver exception somewhere in the chain, else the first message. */
    static String databaseReason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            int at = message.indexOf("ERROR:");
            if (at >= 0) {
                return firstLine(message.substring(at)).replace("  Call getNextException to see other errors in the batch.", "");
            }
        }
        return firstLine(String.valueOf(failure.getMessage()));
    }

    private static int tunedBatchSize(JdbcConnection db, Settings s, MetricsRowStream stream, PrintStream log) throws Exception {
        int best = s.batchSize();
        long bestMs = Long.MAX_VALUE;
        for (int size : new int[] {500, 1_000, 2_000, 5_000}) {
            long ms = write(db, s, stream, s.rows(), sink(db, size, true), "tune-" + size).millis();
            log.printf("batch %,d: %,d ms (%,.0f rows/s)%n", size, ms, s.rows() * 1000.0 / ms);
            if (ms < bestMs) {
                bestMs = ms;
                best = size;
            }
        }
        log.printf("batch size for the rounds: %,d%n", best);
        return best;
    }

    /** Empties the table, runs the job, checks the table against the input's expected rows. */
    static AlternatingRounds.Run write(JdbcConnection db, Settings s, MetricsRowStream stream, long rows, Sink<AgentMetrics> sink,
            String label) throws Exception {
        return write(db, s, stream, rows, sink, label, new CpuClock(-1));
    }

    /** ... and measures the CPU of this JVM and of the database's processes ({@code cpu}) while the job runs. */
    static AlternatingRounds.Run write(JdbcConnection db, Settings s, MetricsRowStream stream, long rows, Sink<AgentMetrics> sink,
            String label, CpuClock cpu) throws Exception {
        MetricsTableContent.truncate(db);
        StreamExecutionEnvironment env = FlinkEnvironments.local(s.parallelism(), s.checkpointMs());
        env.fromSource(new DataGeneratorSource<>(stream, rows, TypeInformation.of(AgentMetrics.class)), WatermarkStrategy.noWatermarks(),
                        "agent_metrics_1m rows").setParallelism(1).uid("metrics-rows")
                // one subtask owns each row, so the last write of a key is well defined (the job's windows are keyed too)
                .keyBy(AgentMetrics::rowKey, Types.STRING)
                .sinkTo(sink).name("agent_metrics_1m").uid("sink-agent-metrics-1m");
        long cpuBefore = cpu.nanos();
        long ms = env.execute("bench sink-vs-jdbc " + label).getNetRuntime(TimeUnit.MILLISECONDS);
        long cpuNanos = cpuBefore < 0 ? -1 : cpu.nanos() - cpuBefore;
        MetricsTableContent.Content content = MetricsTableContent.read(db);
        MetricsRowStream.Expected expected = expected(stream, rows);
        if (content.rows() != expected.rows() || content.requests() != expected.requests()
                || content.costEur().compareTo(expected.costEur()) != 0) {
            throw new IllegalStateException(label + ": the table holds " + content.digest() + " but the input's last rows per key are "
                    + expected + " — this sink lost, duplicated or reordered writes");
        }
        return new AlternatingRounds.Run(ms, content.digest(), cpuNanos);
    }

    private static final Map<String, MetricsRowStream.Expected> EXPECTED = new HashMap<>();

    private static synchronized MetricsRowStream.Expected expected(MetricsRowStream stream, long rows) {
        return EXPECTED.computeIfAbsent(stream.hasCorrections() + "/" + rows, k -> stream.expected(rows));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
