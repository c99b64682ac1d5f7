package org.openclaw.oversight.connectors.flink.metrics;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.util.PortRange;

/**
 * Creates {@link OversightPrometheusReporter}: {@code metrics.reporter.prom.factory.class} of the FlinkDeployments.
 * Options {@code port} (a port or range, as Flink's reporter; default 9249) and {@code host} (default 0.0.0.0: in a
 * pod Prometheus scrapes the pod's address).
 */
public class OversightPrometheusReporterFactory implements MetricReporterFactory {

    @Override
    public OversightPrometheusReporter createMetricReporter(Properties properties) {
        return new OversightPrometheusReporter(properties.getProperty("host", "0.0.0.0"),
                new PortRange(properties.getProperty("port", "9249")));
    }
}
