package org.openclaw.oversight.connectors.flink;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Iterator;
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

    private final HTTPServer httpServer;

    LoopbackPrometheusReporter(PortRange ports) {
        this.httpServer = bindFirstFree(ports, registryOf(this));
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

    @Override
    public void close() {
        httpServer.stop();
        super.close();
    }
}
