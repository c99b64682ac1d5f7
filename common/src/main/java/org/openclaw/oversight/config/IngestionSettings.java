package org.openclaw.oversight.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * The {@code ingestion} section of oversight.yml.
 *
 * @param mode          streaming (default) or batch
 * @param bufferSize    events buffered before a flush (default 10000)
 * @param flushInterval longest time an event waits in the buffer (default 5s)
 * @param compression   compression on the wire (default gzip)
 * @param eventTime     event times ingestion accepts (default: 7d old to 5m ahead)
 */
public record IngestionSettings(IngestionMode mode, int bufferSize, Duration flushInterval, Compression compression,
                                EventTimeBounds eventTime) implements Serializable {

    public static final IngestionSettings DEFAULTS = defaults(OversightConfiguration.SETTINGS_FILE);

    /** The defaults of a file without an {@code ingestion} section; {@code file} is named in messages about them. */
    public static IngestionSettings defaults(String file) {
        return new IngestionSettings(IngestionMode.STREAMING, 10_000, Duration.ofSeconds(5), Compression.GZIP,
                EventTimeBounds.defaults(file));
    }
}
