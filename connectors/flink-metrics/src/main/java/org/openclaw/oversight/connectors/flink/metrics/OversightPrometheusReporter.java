package org.openclaw.oversight.connectors.flink.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.util.PortRange;

/**
 * Flink's Prometheus reporter plus the seed's metric names ({@link SeedMetrics}): {@code openclaw_*} and
 * {@code oversight_*} metrics of the jobs are served under their exact names and types, summed over this process's
 * subtasks; everything else under Flink's usual {@code flink_*} names. The HTTP endpoint binds {@code host}
 * (127.0.0.1 for local runs and `oversight cluster`, 0.0.0.0 in a pod) on the first free port of a range.
 *
 * <p>The collector registry the base class fills is package-private and Flink has no bind-address option, so the
 * registry is taken by reflection once; FleetMetricsPrometheusITCase scrapes this endpoint, so a Flink upgrade that
 * renames the field fails the build, not a deployment.
 */
public class OversightPrometheusReporter extends AbstractPrometheusReporter {

    /** Ports bound by reporters of this JVM, so a local run can say which one of the range it got. */
    private static final Set<Integer> BOUND = ConcurrentHashMap.newKeySet();

    private final SeedMetrics seed = new SeedMetrics();
    private final HTTPServer httpServer;

    OversightPrometheusReporter(String host, PortRange ports) {
        CollectorRegistry registry = registryOf(this);
        registry.register(seed);
        this.httpServer = bindFirstFree(host, ports, registry);
        BOUND.add(httpServer.getPort());
        log.info("Prometheus metrics on http://{}:{}/metrics", host, httpServer.getPort());
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        if (!seed.add(metric, metricName, group)) {
            super.notifyOfAddedMetric(metric, metricName, group);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        if (!seed.remove(metric)) {
            super.notifyOfRemovedMetric(metric, metricName, group);
        }
    }

    private static CollectorRegistry registryOf(AbstractPrometheusReporter reporter) {
        try {
            Field field = AbstractPrometheusReporter.class.getDeclaredField("registry");
            field.setAccessible(true);
            return (CollectorRegistry) field.get(reporter);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this Flink version's AbstractPrometheusReporter has no 'registry' field;"
                    + " the Oversight reporter must be adapted", e);
        }
    }

    private static HTTPServer bindFirstFree(String host, PortRange ports, CollectorRegistry registry) {
        Iterator<Integer> candidates = ports.getPortsIterator();
        IOException last = null;
        while (candidates.hasNext()) {
            int candidate = candidates.next();
            try {
                return new HTTPServer(new InetSocketAddress(host, candidate), registry, true);
            } catch (IOException e) {
                last = e; // taken by another job or process: try the next port of the range
            }
        }
        throw new IllegalStateException("no free Prometheus port on " + host + " in range " + ports
                + " (set --metrics-ports, or metrics.reporter.prom.port)", last);
    }

    public int port() {
        return httpServer.getPort();
    }

    /** The port a reporter of this JVM serves on, if one runs. */
    public static OptionalInt boundPort() {
        return BOUND.stream().mapToInt(Integer::intValue).min();
    }

    @Override
    public void close() {
        BOUND.remove(httpServer.getPort());
        httpServer.stop();
        super.close();
    }
}
