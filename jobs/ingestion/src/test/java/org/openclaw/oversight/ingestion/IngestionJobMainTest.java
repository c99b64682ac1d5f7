package org.openclaw.oversight.ingestion;

import org.junit.jupiter.api.Test;
import org.openclaw.oversight.config.ConfigException;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** main stops before touching Kafka or the database when its options or config are wrong. */
class IngestionJobMainTest {

    @Test
    void aMissingConfigDirectoryStopsTheJobWithTheFileNamed() {
        assertThatThrownBy(() -> IngestionJob.main(new String[] {"--config-dir", "target/no-such-config"}))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no-such-config");
    }

    @Test
    void anUnknownOptionIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> IngestionJob.main(new String[] {"--bootstrap", "x"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --bootstrap")
                .hasMessageContaining("--bootstrap-servers");
    }
}
