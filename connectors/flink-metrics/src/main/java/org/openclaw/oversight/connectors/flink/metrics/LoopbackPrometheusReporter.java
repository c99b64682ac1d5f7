package org.openclaw.oversight.connectors.flink.metrics;

import java.util.OptionalInt;
import org.apache.flink.util.PortRange;

/**
 * {@link OversightPrometheusReporter} on 127.0.0.1: what local runs (`oversight run`, tests) and `oversight cluster`
 * use, since nothing local may listen beyond loopback.
 */
public class LoopbackPrometheusReporter extends OversightPrometheusReporter {

    LoopbackPrometheusReporter(PortRange ports) {
        super("127.0.0.1", ports);
    }

    /** The port a reporter of this JVM serves on, if one runs. */
    public static OptionalInt boundPort() {
        return OversightPrometheusReporter.boundPort();
    }
}
