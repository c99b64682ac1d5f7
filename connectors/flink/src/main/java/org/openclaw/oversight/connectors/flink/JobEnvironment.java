package org.openclaw.oversight.connectors.flink;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.openclaw.oversight.config.JobOptions;
import org.openclaw.oversight.connectors.flink.metrics.LoopbackPrometheusReporterFactory;

/**
 * The one place a job's Flink environment is made: exactly-once checkpoints (the Kafka sinks commit
 * their transactions on them), durable in {@code --checkpoint-dir} and retained on cancel, a bounded
 * exponential restart strategy, the Prometheus reporter, a fixed max parallelism so savepoints can be
 * rescaled, and the options as global job parameters. Run the result with {@link JobRunner#run}, which
 * restores the latest checkpoint.
 */
public final class JobEnvironment {

    /** Key groups for keyed state; fixed so a savepoint restores at any parallelism up to this. */
    public static final int MAX_PARALLELISM = 128;

    /** Completed checkpoints kept per run: the newest may be the one a kill interrupted the commit of. */
    public static final int RETAINED_CHECKPOINTS = 3;

    /** A local run's web UI takes the first free port of {@code --web-ui-port} and the following ones. */
    public static final int WEB_UI_PORT_RANGE = 100;

    private JobEnvironment() {}

    public static StreamExecutionEnvironment create(JobOptions options) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofMinutes(1));
        if (options.metricsPorts() != null && !options.metricsPorts().isBlank()) {
            // locally our loopback-only reporter; on a cluster reporters are the cluster configuration's (oversight cluster,
            // deploy/flink-operator: the Oversight reporter) and this setting does not apply
            conf.setString("metrics.reporter.prom.factory.class", options.local()
                    ? LoopbackPrometheusReporterFactory.CLASS_NAME
                    : "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            conf.setString("metrics.reporter.prom.port", options.metricsPorts());
            conf.setString("metrics.reporter.prom.filterLabelValueCharacters", "true");
        }
        if (options.checkpointDir() != null && !options.checkpointDir().isBlank()) {
            // state outlives the process: a kill -9 loses nothing that a checkpoint covered
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, CheckpointDirectory.uri(options.checkpointDir()));
            conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
            conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, RETAINED_CHECKPOINTS);
        }
        StreamExecutionEnvironment env;
        if (options.local()) {
            conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
            conf.set(RestOptions.ADDRESS, "127.0.0.1");
            // a range, bound by the REST server itself: two runs started in the same second get two ports
            conf.set(RestOptions.BIND_PORT, options.webUiPort() > 0
                    ? options.webUiPort() + "-" + (options.webUiPort() + WEB_UI_PORT_RANGE - 1) : "0");
            conf.setString("metrics.reporter.oversight_progress.factory.class", JobProgressReporterFactory.class.getName());
            env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        } else {
            env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        }
        env.enableCheckpointing(options.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.setMaxParallelism(MAX_PARALLELISM);
        if (options.parallelism() > 0) {
            env.setParallelism(options.parallelism());
        }
        env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(Map.of(
                "bootstrap-servers", options.bootstrapServers(),
                "registry-url", options.registryUrl(),
                "db-url", options.dbUrl(),
                "alertmanager-url", options.alertmanagerUrl(),
                "config-dir", options.configDir())));
        return env;
    }
}
