package org.openclaw.oversight.bench;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The environment every benchmarked job runs in: a local MiniCluster, checkpoints on, no restarts. */
public final class FlinkEnvironments {

    private FlinkEnvironments() {}

    public static StreamExecutionEnvironment local(int parallelism, long checkpointMs) {
        Configuration conf = new Configuration();
        // a variant that fails must fail its run, not restart into a time that looks like throughput
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        env.enableCheckpointing(checkpointMs);
        env.setMaxParallelism(128);
        return env;
    }
}
