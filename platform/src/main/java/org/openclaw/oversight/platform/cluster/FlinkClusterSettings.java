package org.openclaw.oversight.platform.cluster;

import java.nio.file.Path;
import java.nio.file.Paths;
import picocli.CommandLine.Option;

/**
 * Where `oversight cluster` keeps its cluster and which ports it binds, all on 127.0.0.1. The defaults do
 * not collide with the local stack (DESIGN §8) nor with `oversight run` (web UI 8082+, metrics 9249-9259).
 */
public final class FlinkClusterSettings {

    public static final int DEFAULT_REST_PORT = 8090;
    public static final int DEFAULT_RPC_PORT = 6123;
    public static final String DEFAULT_METRICS_PORTS = "9260-9269";

    @Option(names = "--home", description = "Repository root with config/ and jobs/ (default: where ./oversight lives).")
    Path home = Paths.get(System.getProperty("oversight.home", ".")).toAbsolutePath().normalize();

    @Option(names = "--data-dir", description = "Folder of the local stack; the cluster lives in its flink-cluster/ (default: <home>/.oversight).")
    Path dataDir;

    @Option(names = "--rest-port", defaultValue = "" + DEFAULT_REST_PORT,
            description = "JobManager REST API and web UI port (default: ${DEFAULT-VALUE}).")
    int restPort;

    @Option(names = "--rpc-port", defaultValue = "" + DEFAULT_RPC_PORT, description = "JobManager RPC port (default: ${DEFAULT-VALUE}).")
    int rpcPort;

    @Option(names = "--metrics-ports", defaultValue = DEFAULT_METRICS_PORTS,
            description = "Prometheus reporter port range; each process takes the first free one (default: ${DEFAULT-VALUE}).")
    String metricsPorts;

    public Path home() {
        return home;
    }

    public Path stackDataDir() {
        return dataDir != null ? dataDir.toAbsolutePath().normalize() : home.resolve(".oversight");
    }

    public Path clusterDir() {
        return stackDataDir().resolve("flink-cluster");
    }

    public FlinkCluster.Ports ports() {
        return new FlinkCluster.Ports(restPort, rpcPort, metricsPorts);
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }
}
