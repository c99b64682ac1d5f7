package org.openclaw.oversight.connectors.flink;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.openclaw.oversight.config.JobOptions;

/**
 * The one place a job's Flink environment is made: exactly-once checkpoints (the Kafka sinks commit
 * their transactions on them), a bounded exponential restart strategy, the Prometheus reporter, a
 * fixed max parallelism so savepoints can be rescaled, and the options as global job parameters.
 */
public final class JobEnvironment {

    /** Key groups for keyed state; fixed so a savepoint restores at any parallelism up to this. */
    public static final int MAX_PARALLELISM = 128;

    private JobEnvironment() {}

    public static StreamExecutionEnvironment create(JobOptions options) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofMinutes(1));
        if (options.metricsPorts() != null && !options.metricsPorts().isBlank()) {
            // on a cluster the stock reporter comes from Flink's plugins/ folder; locally our loopback-only one
            conf.setString("metrics.reporter.prom.factory.class", options.local()
                    ? LoopbackPrometheusReporterFactory.CLASS_NAME
                    : "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            conf.setString("metrics.reporter.prom.port", options.metricsPorts());
            conf.setString("metrics.reporter.prom.filterLabelValueCharacters", "true");
        }
        StreamExecutionEnvironment env;
        if (options.local() && options.webUiPort() > 0) {
            conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
            conf.set(RestOptions.PORT, options.webUiPort());
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        } else if (options.local()) {
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
