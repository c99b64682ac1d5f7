package org.openclaw.oversight.config;

/**
 * When an agent's events are scanned for PII: {@code real-time} before anything is stored (customer-facing
 * agents), or {@code batch} shortly after (internal agents, where a delay is acceptable and cheaper).
 */
public enum PiiScanMode implements ConfigChoice {
    REAL_TIME("real-time"),
    BATCH("batch");

    private final String configName;

    PiiScanMode(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }
}
