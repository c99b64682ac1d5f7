package org.openclaw.oversight.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The servers the job benchmarks share: started, usable, migrated, and gone with their data after close. */
class BenchServersITCase {

    @Test
    void startsKafkaRegistryAndAMigratedDatabaseAndRemovesThemOnClose() throws Exception {
        Path dir;
        try (BenchServers servers = BenchServers.start("oversight-bench-servers-it")) {
            dir = servers.directory();
            servers.kafka().createTopic("bench.it", 2);
            assertThat(servers.kafka().topics()).contains("bench.it");
            assertThat(servers.connection().bootstrapServers()).isEqualTo(servers.kafka().bootstrapServers());
            assertThat(servers.connection().schemaRegistryUrl()).isEqualTo(servers.registryUrl());
            assertThat(servers.connection().deadLetterKey()).as("dead letters are encrypted in a benchmark too")
                    .isNotNull();
            try (Connection c = servers.db().open(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM oversight.agent_events")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isZero();
            }
            assertThat(dir).isDirectory();
        }
        assertThat(Files.exists(dir)).isFalse();
    }

    @Test
    void optionsRejectWhatNoBenchmarkReads() {
        BenchArguments options = new BenchArguments(new String[] {"--events", "1_000", "--config-dir", "cfg", "--tune"},
                "--events", "--config-dir", "--tune", "--rounds");
        assertThat(options.integer("--events", 5)).isEqualTo(1_000);
        assertThat(options.text("--config-dir", "config")).isEqualTo("cfg");
        assertThat(options.flag("--tune")).isTrue();
        assertThat(options.integer("--rounds", 3)).isEqualTo(3);
        assertThatThrownBy(() -> new BenchArguments(new String[] {"--evnets", "5"}, "--events"))
                .hasMessageContaining("unknown option --evnets");
    }
}
