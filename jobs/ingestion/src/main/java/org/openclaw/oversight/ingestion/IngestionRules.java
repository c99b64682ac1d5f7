package org.openclaw.oversight.ingestion;

import org.openclaw.oversight.config.AgentSettings;
import org.openclaw.oversight.config.EventTimeBounds;
import org.openclaw.oversight.config.IngestionSettings;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.config.PiiScanMode;
import org.openclaw.oversight.pricing.PriceTable;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the ingestion job decides with, read once in {@code main} and captured (serialized) by
 * its operators: validation limits, per-agent sample rate and PII scan mode, the batch-scan buffer,
 * the dedupe window and the price table. Immutable; the {@code with...} methods return copies so
 * tests and benchmarks can tighten one number.
 *
 * @param maxTextBytes       largest input/output/text field in UTF-8 bytes (256 KiB); larger: {@code text_too_large}
 * @param maxEventAge        oldest accepted event time, before now (ingestion.event_time.max_age, 7 d)
 * @param maxClockSkew       newest accepted event time, after now (ingestion.event_time.max_ahead, 5 min)
 * @param dedupeWindow       how long an event id is remembered to drop re-sent copies (24 h)
 * @param defaultSampleRate  sample rate of agents not in oversight.yml (1.0: keep everything we do not know)
 * @param defaultPiiScan     PII scan mode of unknown agents (real-time: never store text unscanned for long)
 * @param batchBufferSize    batch-scan agents: events buffered per agent before a flush (ingestion.buffer_size)
 * @param batchFlushInterval batch-scan agents: longest an event waits for its scan (ingestion.flush_interval)
 */
public record IngestionRules(
        int maxTextBytes,
        Duration maxEventAge,
        Duration maxClockSkew,
        Duration dedupeWindow,
        double defaultSampleRate,
        PiiScanMode defaultPiiScan,
        int batchBufferSize,
        Duration batchFlushInterval,
        Map<String, AgentRule> agents,
        PriceTable prices) implements Serializable {

    public static final int DEFAULT_MAX_TEXT_BYTES = 256 * 1024;
    public static final Duration DEFAULT_MAX_EVENT_AGE = EventTimeBounds.DEFAULT_MAX_AGE;
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = EventTimeBounds.DEFAULT_MAX_AHEAD;
    public static final Duration DEFAULT_DEDUPE_WINDOW = Duration.ofHours(24);

    /** How one agent is treated; unknown agents get {@link #defaultSampleRate} and {@link #defaultPiiScan}. */
    public record AgentRule(double sampleRate, PiiScanMode piiScan) implements Serializable {}

    public IngestionRules {
        Objects.requireNonNull(prices, "prices");
        agents = Map.copyOf(agents);
        if (maxTextBytes <= 0 || batchBufferSize <= 0) {
            throw new IllegalArgumentException("maxTextBytes and batchBufferSize must be positive");
        }
        if (defaultSampleRate < 0 || defaultSampleRate > 1) {
            throw new IllegalArgumentException("default sample rate must be within 0..1, got " + defaultSampleRate);
        }
        if (batchFlushInterval.isNegative() || batchFlushInterval.isZero()) {
            throw new IllegalArgumentException("batch flush interval must be positive, got " + batchFlushInterval);
        }
    }

    /** The rules of a loaded configuration: its event-time bounds, the default text and dedupe limits. */
    public static IngestionRules from(OversightConfiguration config) {
        IngestionSettings ingestion = config.settings().ingestion();
        EventTimeBounds eventTime = ingestion.eventTime();
        Map<String, AgentRule> agents = new LinkedHashMap<>();
        for (AgentSettings agent : config.settings().agents()) {
            agents.put(agent.name(), new AgentRule(agent.sampleRate(), agent.piiScan()));
        }
        return new IngestionRules(DEFAULT_MAX_TEXT_BYTES, eventTime.maxAge(), eventTime.maxAhead(),
                DEFAULT_DEDUPE_WINDOW, 1.0, PiiScanMode.REAL_TIME, ingestion.bufferSize(), ingestion.flushInterval(),
                agents, config.prices());
    }

    public boolean isKnownAgent(String agentId) {
        return agents.containsKey(agentId);
    }

    public double sampleRate(String agentId) {
        AgentRule rule = agents.get(agentId);
        return rule == null ? defaultSampleRate : rule.sampleRate();
    }

    public PiiScanMode piiScan(String agentId) {
        AgentRule rule = agents.get(agentId);
        return rule == null ? defaultPiiScan : rule.piiScan();
    }

    public IngestionRules withAgents(Map<String, AgentRule> newAgents) {
        return new IngestionRules(maxTextBytes, maxEventAge, maxClockSkew, dedupeWindow, defaultSampleRate,
                defaultPiiScan, batchBufferSize, batchFlushInterval, newAgents, prices);
    }

    public IngestionRules withBatch(int bufferSize, Duration flushInterval) {
        return new IngestionRules(maxTextBytes, maxEventAge, maxClockSkew, dedupeWindow, defaultSampleRate,
                defaultPiiScan, bufferSize, flushInterval, agents, prices);
    }

    public IngestionRules withDedupeWindow(Duration window) {
        return new IngestionRules(maxTextBytes, maxEventAge, maxClockSkew, window, defaultSampleRate,
                defaultPiiScan, batchBufferSize, batchFlushInterval, agents, prices);
    }

    public IngestionRules withDefaults(double sampleRate, PiiScanMode piiScan) {
        return new IngestionRules(maxTextBytes, maxEventAge, maxClockSkew, dedupeWindow, sampleRate,
                piiScan, batchBufferSize, batchFlushInterval, agents, prices);
    }

    public IngestionRules withLimits(int textBytes, Duration eventAge, Duration clockSkew) {
        return new IngestionRules(textBytes, eventAge, clockSkew, dedupeWindow, defaultSampleRate,
                defaultPiiScan, batchBufferSize, batchFlushInterval, agents, prices);
    }
}
