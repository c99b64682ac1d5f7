package org.openclaw.oversight.connectors.timescale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcConnectionTest {

    @Test
    void readsTheOversightVariables() {
        JdbcConnection connection = JdbcConnection.fromEnvironment(Map.of(
                "OVERSIGHT_DB_URL", "jdbc:postgresql://127.0.0.1:5432/oversight",
                "OVERSIGHT_DB_USER", "oversight", "OVERSIGHT_DB_PASSWORD", "s3cret"));

        assertThat(connection).isEqualTo(new JdbcConnection("jdbc:postgresql://127.0.0.1:5432/oversight",
                "oversight", "s3cret"));
        assertThat(connection.driverProperties()).containsEntry("logServerErrorDetail", "false");
    }

    @Test
    void neverShowsThePassword() {
        JdbcConnection connection = new JdbcConnection(
                "jdbc:postgresql://db:5432/oversight?password=urlsecret", "u", "s3cret");

        assertThat(connection.toString()).doesNotContain("s3cret").doesNotContain("urlsecret").contains("***");
    }

    @Test
    void saysWhatToDoWhenTheUrlIsMissingOrWrong() {
        assertThatThrownBy(() -> JdbcConnection.fromEnvironment(Map.of()))
                .hasMessageContaining("OVERSIGHT_DB_URL is not set");
        assertThatThrownBy(() -> new JdbcConnection("jdbc:mysql://x/y", null, null))
                .hasMessageContaining("Not a PostgreSQL JDBC URL");
        assertThatThrownBy(() -> new JdbcConnection("jdbc:postgresql://x/y?reWriteBatchedInserts=true", null, null))
                .hasMessageContaining("reWriteBatchedInserts");
        assertThatThrownBy(() -> new JdbcConnection("jdbc:postgresql://x/y?logServerErrorDetail=true", null, null))
                .hasMessageContaining("logServerErrorDetail");
    }
}
