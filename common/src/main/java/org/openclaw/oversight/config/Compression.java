package org.openclaw.oversight.config;

/** Compression of ingested data on the wire; the names are Kafka's {@code compression.type} values. */
public enum Compression implements ConfigChoice {
    GZIP("gzip"),
    SNAPPY("snappy"),
    LZ4("lz4"),
    ZSTD("zstd"),
    NONE("none");

    private final String configName;

    Compression(String configName) {
        this.configName = configName;
    }

    /** Also the value for Kafka's {@code compression.type} producer setting. */
    @Override
    public String configName() {
        return configName;
    }
}
