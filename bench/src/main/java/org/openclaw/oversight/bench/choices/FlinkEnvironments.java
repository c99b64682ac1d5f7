package org.openclaw.oversight.bench.choices;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The environment both variants of a comparison run in: a local MiniCluster, checkpoints on, no restarts. */
final class FlinkEnvironments {

    private FlinkEnvironments() {}

    static StreamExecutionEnvironment local(int parallelism, long checkpointMs) {
        Configuration conf = new Configuration();
        // a variant that fails must fail its run, not restart into a time that looks like throughput
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        env.enableCheckpointing(checkpointMs);
        env.setMaxParallelism(128);
        return env;
    }
}
