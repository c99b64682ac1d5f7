package org.openclaw.oversight.platform.demo;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.openclaw.oversight.config.LocalAddresses;
import org.openclaw.oversight.connectors.flink.JobEnvironment;

/**
 * The one Flink MiniCluster of `oversight demo`, sized for every job on a small machine: one TaskManager
 * with a slot per job and parallel subtask (slot sharing puts a whole job of parallelism p in p slots),
 * little managed memory (the jobs keep their state on the heap, managed memory only serves RocksDB and
 * batch operators) and a small network buffer pool (a handful of channels per job). The REST server and
 * web UI bind 127.0.0.1, the first free port from 8082 (as `oversight run` does).
 */
final class DemoCluster implements AutoCloseable {

    /** Managed memory of the TaskManager: unused by heap state, but a floor keeps an operator that asks from failing. */
    static final MemorySize MANAGED_MEMORY = MemorySize.ofMebiBytes(32);
    /** Network buffers: 32 KiB each; 48 MiB are ~1,500, far above what a few parallelism-1 jobs use. */
    static final MemorySize NETWORK_MEMORY = MemorySize.ofMebiBytes(48);

    private final MiniCluster cluster;
    private final String webUi;

    private DemoCluster(MiniCluster cluster, String webUi) {
        this.cluster = cluster;
        this.webUi = webUi;
    }

    static Configuration configuration(int jobs, int parallelism) {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, LocalAddresses.HOST);
        conf.set(RestOptions.ADDRESS, LocalAddresses.HOST);
        conf.set(RestOptions.BIND_PORT, LocalAddresses.WEB_UI_PORT + "-"
                + (LocalAddresses.WEB_UI_PORT + JobEnvironment.WEB_UI_PORT_RANGE - 1));
        // the BLOB server (and anything else a cluster opens) on loopback too, not the wildcard address
        conf.set(JobManagerOptions.BIND_HOST, LocalAddresses.HOST);
        conf.set(TaskManagerOptions.BIND_HOST, LocalAddresses.HOST);
        conf.set(TaskManagerOptions.HOST, LocalAddresses.HOST);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots(jobs, parallelism));
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MANAGED_MEMORY);
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, NETWORK_MEMORY);
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, NETWORK_MEMORY);
        return conf;
    }

    static int slots(int jobs, int parallelism) {
        return Math.max(1, jobs) * Math.max(1, parallelism);
    }

    static DemoCluster start(int jobs, int parallelism) throws Exception {
        Configuration conf = configuration(jobs, parallelism);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots(jobs, parallelism))
                .build());
        try {
            cluster.start();
            URI rest = cluster.getRestAddress().get(30, TimeUnit.SECONDS);
            return new DemoCluster(cluster, rest.toString().replaceAll("/$", ""));
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    MiniCluster miniCluster() {
        return cluster;
    }

    String webUi() {
        return webUi;
    }

    @Override
    public void close() throws Exception {
        cluster.closeAsync().get(30, TimeUnit.SECONDS);
    }
}
