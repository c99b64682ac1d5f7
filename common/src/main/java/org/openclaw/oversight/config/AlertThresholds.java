package org.openclaw.oversight.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * Alert thresholds, defaulting to the seed's Prometheus alert rules (enterprise architecture, layer 9).
 *
 * @param llmLatencyP95Warning          P95 LLM latency that raises a warning (8s)
 * @param llmLatencyP95Critical         P95 LLM latency that is critical (15s)
 * @param channelErrorsPerMinuteWarning channel errors per minute that raise a warning (5)
 * @param tokenAnomalySigma             token use this many standard deviations above the tenant's mean is an anomaly (3)
 * @param uptimeSlaMinimum              uptime ratio below which the SLA is breached (0.995)
 * @param queueDepthWarning             queue depth that raises a warning (1000)
 * @param queueDepthCritical            queue depth that is critical (5000)
 * @param unpricedShareMaximum          share of an agent's LLM calls that may be unpriced before {@code UnpricedModel} fires (0.01)
 * @param unpricedCallsMinimum          fewer unpriced calls than this in the window never fire it, whatever the share (5)
 * @param unpricedWindow                the window the share is taken over, in whole minutes (1h)
 */
public record AlertThresholds(Duration llmLatencyP95Warning, Duration llmLatencyP95Critical,
                              double channelErrorsPerMinuteWarning, double tokenAnomalySigma, double uptimeSlaMinimum,
                              long queueDepthWarning, long queueDepthCritical,
                              double unpricedShareMaximum, long unpricedCallsMinimum, Duration unpricedWindow) implements Serializable {

    public static final AlertThresholds DEFAULTS = new AlertThresholds(Duration.ofSeconds(8), Duration.ofSeconds(15),
            5, 3.0, 0.995, 1000, 5000, 0.01, 5, Duration.ofHours(1));
}
