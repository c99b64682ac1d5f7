package org.openclaw.oversight.connectors.flink.metrics;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.util.PortRange;

/** Creates {@link LoopbackPrometheusReporter}; takes the same {@code port} option as Flink's factory. */
public class LoopbackPrometheusReporterFactory implements MetricReporterFactory {

    /** Value of {@code metrics.reporter.<name>.factory.class}. */
    public static final String CLASS_NAME = LoopbackPrometheusReporterFactory.class.getName();

    @Override
    public LoopbackPrometheusReporter createMetricReporter(Properties properties) {
        return new LoopbackPrometheusReporter(new PortRange(properties.getProperty("port", "9249")));
    }
}
