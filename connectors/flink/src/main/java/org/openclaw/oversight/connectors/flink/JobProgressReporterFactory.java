package org.openclaw.oversight.connectors.flink;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/** Creates {@link JobProgressReporter}; {@link JobEnvironment} registers it for local runs. */
public final class JobProgressReporterFactory implements MetricReporterFactory {
    @Override
    public JobProgressReporter createMetricReporter(Properties properties) {
        return new JobProgressReporter();
    }
}
