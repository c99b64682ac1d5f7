package org.openclaw.oversight.bench.choices;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.openclaw.oversight.bench.BenchArguments;
import org.openclaw.oversight.bench.FlinkEnvironments;
import org.openclaw.oversight.cost.AgentMetrics;
import org.openclaw.oversight.cost.AgentWindows;
import org.openclaw.oversight.cost.BudgetBook;
import org.openclaw.oversight.cost.BudgetSpend;
import org.openclaw.oversight.cost.CostAggregationSettings;
import org.openclaw.oversight.cost.UsageEvent;

/**
 * Issue 10: the cost job's own window operator ({@code AgentWindows}: 1 min and 1 h in one keyed
 * function) against Flink's {@code WindowOperator} ({@link FlinkWindowsPipeline}: tumbling event-time
 * windows, incremental aggregation, hours from the fired minutes), same JVM, same input
 * ({@link UsageEventStream}), same watermarks (the job's 30 s bounded out-of-orderness, emitted every
 * {@code --watermark-every} events so that lateness is the same in every run), the job's allowed
 * lateness (10 min / 1 h), parallelism 2, checkpoints on, object reuse as in the job. Both variants'
 * five outputs (minute rows, hour rows, budget spends, too late for the minute, too late for the
 * hour) go to counting sinks; every run must leave the same rows (last emission per key), the same
 * number of minute emissions, spends and late events.
 *
 * <p>Options: {@code --events N} (600000), {@code --rounds} (3), {@code --parallelism} (2),
 * {@code --checkpoint-ms} (10000, the job's), {@code --events-per-minute} of event time (6000),
 * {@code --watermark-every} (256).
 */
public final class WindowsVsFlinkBenchmark {

    private static final java.util.concurrent.atomic.AtomicLong RUNS = new java.util.concurrent.atomic.AtomicLong();

    private WindowsVsFlinkBenchmark() {}

    record Settings(long events, int rounds, int parallelism, long checkpointMs, long eventsPerMinute, int watermarkEvery) {}

    record Comparison(AlternatingRounds.Result result, long baselineMillis, long baselineEvents) {}

    /**
     * What one run left: final rows per window size (last emission per key) with their digest,
     * emissions, budget spends, late events. Hour re-firings are counted but not part of
     * {@link #digest()}: the Flink hour operator has two inputs (minute totals, late events), and
     * whether a late event reaches it before or after its hour fired depends on how the two channels
     * interleave; the rows it leaves do not.
     */
    record Outputs(long minuteRows, long minuteEmissions, String minuteDigest, long hourRows, long hourEmissions, String hourDigest,
            long spends, long spendNanoEur, long lateForMinute, long lateForHour) {
        String digest() {
            return "1m " + minuteRows + " rows/" + minuteEmissions + " emitted/" + minuteDigest + ", 1h " + hourRows + " rows/" + hourDigest
                    + ", spends " + spends + "/" + spendNanoEur + " nano-EUR, late " + lateForMinute + "/" + lateForHour;
        }
    }

    record WindowRun(long millis, Outputs outputs, long cpuNanos) {}

    public static void main(String[] args) throws Exception {
        BenchArguments a = new BenchArguments(args, "--events", "--rounds", "--parallelism", "--checkpoint-ms", "--events-per-minute",
                "--watermark-every");
        Settings s = new Settings(a.number("--events", 600_000), a.integer("--rounds", 3), a.integer("--parallelism", 2),
                a.number("--checkpoint-ms", 10_000), a.number("--events-per-minute", 6_000), a.integer("--watermark-every", 256));
        Comparison c = compare(s, System.out);
        System.out.printf("%nmachine: %d cores, load average %.1f; parallelism %d; checkpoints every %d ms; %,d events per run over "
                        + "%,d min of event time%n", Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), s.parallelism(),
                s.checkpointMs(), s.events(), s.events() / s.eventsPerMinute());
        System.out.printf("(0) source, watermarks and keyBy only, no windows: %,.0f events/s (%,d ms)%n",
                c.baselineEvents() * 1000.0 / c.baselineMillis(), c.baselineMillis());
        AlternatingRounds.report("cost windows 1m + 1h: AgentWindows vs Flink's WindowOperator (tumbling, incremental, hours from minutes),"
                + " events/s", "ev/s", c.result(), System.out);
    }

    static Comparison compare(Settings s, PrintStream log) throws Exception {
        long warmUp = Math.max(s.events() / 4, 10_000);
        AlternatingRounds.Result result = AlternatingRounds.run(s.rounds(), s.events(), warmUp,
                (label, events) -> measured(run(s, true, label, events, log)),
                (label, events) -> measured(run(s, false, label, events, log)), log);
        long baseline = baseline(s, s.events());
        return new Comparison(result, baseline, s.events());
    }

    private static CostAggregationSettings jobSettings() {
        return CostAggregationSettings.defaults(BudgetBook.of());
    }

    private static DataStream<UsageEvent> usage(StreamExecutionEnvironment env, Settings s, long events) {
        // as in the job: no operator keeps or changes its input
        env.getConfig().enableObjectReuse();
        java.time.Duration outOfOrderness = jobSettings().outOfOrderness();
        int every = s.watermarkEvery();
        WatermarkStrategy<UsageEvent> watermarks = WatermarkStrategy
                .<UsageEvent>forGenerator(context -> new EveryNthEventWatermarks<>(outOfOrderness, every))
                .withTimestampAssigner((e, previous) -> e.eventTimeMs);
        return env.fromSource(new DataGeneratorSource<>(new UsageEventStream(s.eventsPerMinute()), events,
                        TypeInformation.of(UsageEvent.class)), watermarks, "usage events")
                .setParallelism(1).uid("usage-events");
    }

    private static AlternatingRounds.Run measured(WindowRun run) {
        return new AlternatingRounds.Run(run.millis(), run.outputs().digest(), run.cpuNanos());
    }

    /** One run of one variant ({@code ours}: AgentWindows, else {@link FlinkWindowsPipeline}). */
    static WindowRun run(Settings s, boolean ours, String label, long events, PrintStream log) throws Exception {
        StreamExecutionEnvironment env = FlinkEnvironments.local(s.parallelism(), s.checkpointMs());
        DataStream<UsageEvent> usage = usage(env, s, events);
        CostAggregationSettings job = jobSettings();
        DataStream<AgentMetrics> minutes;
        DataStream<AgentMetrics> hours;
        DataStream<BudgetSpend> spends;
        DataStream<UsageEvent> late1m;
        DataStream<UsageEvent> late1h;
        if (ours) {
            SingleOutputStreamOperator<AgentMetrics> windows = usage
                    .keyBy(e -> Tuple3.of(e.tenantId, e.agentId, e.model), FlinkWindowsPipeline.KEY_TYPE)
                    .process(new AgentWindows(job.allowedLateness1m(), job.allowedLateness1h()), TypeInformation.of(AgentMetrics.class))
                    .name("agent metrics 1m and 1h").uid("agent-metrics-windows");
            minutes = windows;
            hours = windows.getSideOutput(AgentWindows.HOURLY);
            spends = windows.getSideOutput(AgentWindows.SPENDS);
            late1m = windows.getSideOutput(AgentWindows.LATE_1M);
            late1h = windows.getSideOutput(AgentWindows.LATE_1H);
        } else {
            FlinkWindowsPipeline.Outputs o = FlinkWindowsPipeline.windowed(usage, job.allowedLateness1m(), job.allowedLateness1h());
            minutes = o.minutes();
            hours = o.hours();
            spends = o.spends();
            late1m = o.lateForMinute();
            late1h = o.lateForHour();
        }
        String board = label + "#" + RUNS.incrementAndGet() + "/"; // a failed run's partial tally must not mix into the next
        minutes.sinkTo(new OutputTally<>(board + "1m", AgentMetrics::rowKey, m -> m.requests)).name("count 1m").uid("count-1m");
        hours.sinkTo(new OutputTally<>(board + "1h", AgentMetrics::rowKey, m -> m.requests)).name("count 1h").uid("count-1h");
        spends.sinkTo(new OutputTally<>(board + "spends", null, sp -> sp.costNanoEur)).name("count spends").uid("count-spends");
        late1m.sinkTo(new OutputTally<>(board + "late1m", null, null)).name("count late 1m").uid("count-late-1m");
        late1h.sinkTo(new OutputTally<>(board + "late1h", null, null)).name("count late 1h").uid("count-late-1h");

        CpuClock cpu = new CpuClock(-1);
        long cpuBefore = cpu.nanos();
        long ms = env.execute("bench windows-vs-flink " + label).getNetRuntime(TimeUnit.MILLISECONDS);
        long cpuNanos = cpuBefore < 0 ? -1 : cpu.nanos() - cpuBefore;
        OutputTally.Tally<AgentMetrics> m = OutputTally.read(board + "1m");
        OutputTally.Tally<AgentMetrics> h = OutputTally.read(board + "1h");
        OutputTally.Tally<BudgetSpend> sp = OutputTally.read(board + "spends");
        long l1m = OutputTally.read(board + "late1m").records;
        long l1h = OutputTally.read(board + "late1h").records;
        OutputTally.BOARD.keySet().removeIf(k -> k.startsWith(board));
        Outputs outputs = new Outputs(m.last.size(), m.records, rowsDigest(m.last), h.last.size(), h.records, rowsDigest(h.last), sp.records,
                sp.sum, l1m, l1h);
        log.printf("  %s: %,d ms; %,d minute rows (%,d emitted), %,d hour rows (%,d emitted), %,d spends, %,d/%,d too late for minute/hour%n",
                label, ms, m.last.size(), m.records, h.last.size(), h.records, sp.records, l1m, l1h);
        return new WindowRun(ms, outputs, cpuNanos);
    }

    /** Source, watermarks, keyBy, discard: what both variants spend before their windows. */
    private static long baseline(Settings s, long events) throws Exception {
        StreamExecutionEnvironment env = FlinkEnvironments.local(s.parallelism(), s.checkpointMs());
        usage(env, s, events).keyBy(e -> Tuple3.of(e.tenantId, e.agentId, e.model), FlinkWindowsPipeline.KEY_TYPE)
                .sinkTo(new DiscardingSink<>()).name("discard").uid("discard");
        return env.execute("bench windows-vs-flink baseline").getNetRuntime(TimeUnit.MILLISECONDS);
    }

    /**
     * SHA-256 over the rows in key order: every count, token and cost exactly, percentiles, max and
     * averages to 12 significant digits (an hour's score sums are added in a different order by the
     * two variants, which may change the last bit).
     */
    static String rowsDigest(Map<String, AgentMetrics> rows) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Map.Entry<String, AgentMetrics> e : new TreeMap<>(rows).entrySet()) {
            AgentMetrics r = e.getValue();
            String line = e.getKey() + "|" + r.windowMinutes + "|" + r.requests + "|" + r.errors + "|" + r.inputTokens + "|" + r.outputTokens
                    + "|" + r.cachedInputTokens + "|" + r.costNanoEur + "|" + r.unpricedRequests + "|" + r.latencyCount + "|" + r.latencySumMs
                    + "|" + r.toolCalls + "|" + r.toolFailures + "|" + r.alignmentCount + "|" + r.qualityCount + "|" + r.satisfactionCount
                    + "|" + g(r.latencyP50Ms) + "|" + g(r.latencyP95Ms) + "|" + g(r.latencyP99Ms) + "|" + g(r.latencyMaxMs) + "|"
                    + g(r.latencyAvgMs) + "|" + g(r.toolSuccessRate) + "|" + g(r.alignmentAvg) + "|" + g(r.qualityAvg) + "|"
                    + g(r.satisfactionAvg) + "|" + g(r.errorRate) + "|" + g(r.requestsPerMinute) + "\n";
            sha.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 8);
    }

    private static String g(Double d) {
        return d == null ? "null" : String.format(java.util.Locale.ROOT, "%.12g", d);
    }
}
