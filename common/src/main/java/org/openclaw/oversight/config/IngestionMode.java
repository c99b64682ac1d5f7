package org.openclaw.oversight.config;

/** How the trace collector takes events in: continuously, or in periodic batches. */
public enum IngestionMode implements ConfigChoice {
    STREAMING("streaming"),
    BATCH("batch");

    private final String configName;

    IngestionMode(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }
}
