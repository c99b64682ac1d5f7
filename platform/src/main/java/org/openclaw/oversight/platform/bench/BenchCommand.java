package org.openclaw.oversight.platform.bench;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openclaw.oversight.platform.UserFacingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs a benchmark of bench/: each starts its own servers on free ports (never the stack of
 * `oversight up`) and reports throughput as a ratio against a baseline measured in the same run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark (own servers on free ports; results as ratios to a baseline in the same run). "
                + "Extra options go to the benchmark, e.g. --events 200000.")
public final class BenchCommand implements Callable<Integer> {

    public static final Map<String, String> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("pii", "org.openclaw.oversight.bench.pii.PiiScannerBenchmark");
        BENCHMARKS.put("ingestion", "org.openclaw.oversight.bench.ingestion.IngestionBenchmark");
        BENCHMARKS.put("cost-aggregation", "org.openclaw.oversight.bench.cost.CostAggregationBenchmark");
        BENCHMARKS.put("anomaly-detection", "org.openclaw.oversight.bench.anomaly.AnomalyDetectionBenchmark");
        BENCHMARKS.put("policy-enforcement", "org.openclaw.oversight.bench.policy.PolicyEnforcementBenchmark");
        // issue 10: our code against the library it replaced, same job and input in one JVM
        BENCHMARKS.put("sink-vs-jdbc", "org.openclaw.oversight.bench.choices.SinkVsJdbcBenchmark");
        BENCHMARKS.put("windows-vs-flink", "org.openclaw.oversight.bench.choices.WindowsVsFlinkBenchmark");
    }

    @Parameters(index = "0", paramLabel = "BENCHMARK", description = "One of: ${COMPLETION-CANDIDATES}",
            completionCandidates = Names.class)
    String benchmark;

    @Unmatched
    List<String> args = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String mainClass = BENCHMARKS.get(benchmark);
        if (mainClass == null) {
            throw new UserFacingException("unknown benchmark '" + benchmark + "'", "choose one of " + BENCHMARKS.keySet());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("oversight bench " + benchmark + ": running " + mainClass + " (this takes minutes)");
        out.flush();
        Method main = Class.forName(mainClass).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args.toArray(String[]::new));
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        return 0;
    }

    static final class Names extends ArrayList<String> {
        Names() {
            super(BENCHMARKS.keySet());
        }
    }
}
