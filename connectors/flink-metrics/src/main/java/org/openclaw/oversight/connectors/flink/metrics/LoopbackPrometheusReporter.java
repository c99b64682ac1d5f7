package org.openclaw.oversight.connectors.flink.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.util.PortRange;

/**
 * Flink's Prometheus reporter with the HTTP endpoint bound to 127.0.0.1 instead of every interface:
 * what local runs (`oversight run`, tests) use, since nothing local may listen beyond loopback. On a
 * cluster the stock reporter from Flink's plugins/ folder serves the pod as usual.
 *
 * <p>The collector registry the base class fills is package-private and Flink has no bind-address
 * option, so the registry is taken by reflection once; FleetMetricsPrometheusITCase scrapes this
 * endpoint, so a Flink upgrade that renames the field fails the build, not a deployment.
 */
public class LoopbackPrometheusReporter extends AbstractPrometheusReporter {

    /** Ports bound by reporters of this JVM, so a local run can say which one of the range it got. */
    private static final Set<Integer> BOUND = ConcurrentHashMap.newKeySet();

    private final HTTPServer httpServer;

    LoopbackPrometheusReporter(PortRange ports) {
        this.httpServer = bindFirstFree(ports, registryOf(this));
        BOUND.add(httpServer.getPort());
        log.info("Prometheus metrics on http://127.0.0.1:{}/metrics", httpServer.getPort());
    }

    private static CollectorRegistry registryOf(AbstractPrometheusReporter reporter) {
        try {
            Field field = AbstractPrometheusReporter.class.getDeclaredField("registry");
            field.setAccessible(true);
            return (CollectorRegistry) field.get(reporter);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this Flink version's AbstractPrometheusReporter has no 'registry' field;"
                    + " the loopback reporter must be adapted", e);
        }
    }

    private static HTTPServer bindFirstFree(PortRange ports, CollectorRegistry registry) {
        Iterator<Integer> candidates = ports.getPortsIterator();
        IOException last = null;
        while (candidates.hasNext()) {
            int candidate = candidates.next();
            try {
                return new HTTPServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), candidate), registry, true);
            } catch (IOException e) {
                last = e; // taken by another job: try the next port of the range
            }
        }
        throw new IllegalStateException("no free Prometheus port on 127.0.0.1 in range " + ports
                + " (set --metrics-ports)", last);
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
