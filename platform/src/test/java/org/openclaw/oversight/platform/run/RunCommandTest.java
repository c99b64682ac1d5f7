package org.openclaw.oversight.platform.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.platform.OversightCommand;
import picocli.CommandLine;

class RunCommandTest {

    @TempDir
    Path dataDir;

    @Test
    void theJobsAreKnownByTheNamesTheyRunUnder() {
        // method references, not class names: a renamed or removed main fails the build, not a user's `oversight run`
        assertThat(RunCommand.JOBS.keySet()).containsExactly(org.openclaw.oversight.ingestion.IngestionJob.JOB,
                org.openclaw.oversight.cost.CostAggregationJob.JOB, org.openclaw.oversight.anomaly.AnomalyDetectionJob.JOB,
                org.openclaw.oversight.enforcement.PolicyEnforcementJob.JOB, org.openclaw.oversight.incident.IncidentResponseJob.JOB);
    }

    @Test
    void everyListedBenchmarkHasAMainInThisBuild() throws Exception {
        for (String mainClass : org.openclaw.oversight.platform.bench.BenchCommand.BENCHMARKS.values()) {
            assertThat(Class.forName(mainClass).getMethod("main", String[].class)).as(mainClass).isNotNull();
        }
    }

    @Test
    void anUnknownJobIsNamedWithTheChoices() {
        String output = run("run", "ingestoin", "--data-dir", dataDir.toString());
        assertThat(output).contains("unknown job 'ingestoin'").contains("ingestion", "cost-aggregation");
    }

    @Test
    void withoutAStackItSaysHowToStartOne() {
        String output = run("run", "ingestion", "--data-dir", dataDir.toString());
        assertThat(output).contains("the local stack is not running").contains("./oversight up");
    }

    @Test
    void aLocalRunKeepsItsStateAndRegistryUnderTheDataFolder() {
        java.util.List<String> args = RunCommand.localRunArguments(dataDir, "cost-aggregation");
        assertThat(String.join(" ", args))
                .contains("--checkpoint-dir " + dataDir.resolve("checkpoints").resolve("cost-aggregation"))
                .contains("--jobs-dir " + dataDir.resolve("jobs"))
                .contains("--web-ui-port 8082");
        // every option passed exists in the job options (a job refuses unknown ones)
        args.stream().filter(a -> a.startsWith("--")).forEach(option ->
                assertThat(org.openclaw.oversight.config.JobOptions.names()).contains(option.substring(2)));
        assertThat(args).containsSequence("--dlq-key-file", org.openclaw.oversight.secrets.LocalKeys.file(
                dataDir, org.openclaw.oversight.secrets.SecretKind.DLQ_KEY).toString());
        assertThat(args).containsSequence("--pii-key-file", org.openclaw.oversight.secrets.LocalKeys.file(
                dataDir, org.openclaw.oversight.secrets.SecretKind.PII_KEY).toString());
    }

    private static String run(String... args) {
        StringWriter text = new StringWriter();
        CommandLine cli = OversightCommand.commandLine();
        cli.setOut(new PrintWriter(text, true));
        cli.setErr(new PrintWriter(text, true));
        int code = cli.execute(args);
        assertThat(code).as(text.toString()).isNotZero();
        return text.toString();
    }
}
