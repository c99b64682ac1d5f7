package org.apache.flink.metrics.prometheus;

import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Iterator;
import org.apache.flink.util.PortRange;

/**
 * Flink's {@link PrometheusReporter} with the HTTP endpoint bound to 127.0.0.1 instead of every
 * interface: what local runs (`oversight run`, tests) use, since nothing local may listen beyond
 * loopback. On a cluster the stock reporter from Flink's plugins/ folder serves the pod as usual.
 * It sits in Flink's package because the collector registry it serves is package-private there.
 */
public class LoopbackPrometheusReporter extends AbstractPrometheusReporter {

    private final HTTPServer httpServer;

    LoopbackPrometheusReporter(PortRange ports) {
        this.httpServer = bindFirstFree(ports);
        log.info("Prometheus metrics on http://127.0.0.1:{}/metrics", httpServer.getPort());
    }

    private HTTPServer bindFirstFree(PortRange ports) {
        Iterator<Integer> candidates = ports.getPortsIterator();
        IOException last = null;
        while (candidates.hasNext()) {
            int candidate = candidates.next();
            try {
                return new HTTPServer(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), candidate), registry, true);
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
