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
 */
public record IngestionSettings(IngestionMode mode, int bufferSize, Duration flushInterval, Compression compression)
        implements Serializable {

    public static final IngestionSettings DEFAULTS =
            new IngestionSettings(IngestionMode.STREAMING, 10_000, Duration.ofSeconds(5), Compression.GZIP);
}
