package org.apache.flink.metrics.prometheus;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.util.PortRange;

/** Creates {@link LoopbackPrometheusReporter}; takes the same {@code port} option as Flink's factory. */
public class LoopbackPrometheusReporterFactory implements MetricReporterFactory {
    @Override
    public LoopbackPrometheusReporter createMetricReporter(Properties properties) {
        return new LoopbackPrometheusReporter(new PortRange(properties.getProperty("port", "9249")));
    }
}
