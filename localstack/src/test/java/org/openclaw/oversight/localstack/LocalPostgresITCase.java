package org.openclaw.oversight.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresITCase {

    @Test
    void answersJdbcCreatesDatabasesAndStopsCleanly(@TempDir Path dataDir) throws Exception {
        long pid;
        int port;
        try (LocalPostgres postgres = LocalPostgres.startLocal(dataDir, 0, false, LocalPostgres.DEFAULT_START_TIMEOUT)) {
            pid = postgres.pid();
            port = postgres.port();
            ProcessAssertions.assertRunning(pid);
            System.err.println("postgres: " + postgres.stats());
            assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/oversight");

            try (Connection connection = postgres.connection(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT version(), current_database()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).startsWith("PostgreSQL");
                assertThat(rs.getString(2)).isEqualTo("oversight");
            }

            String url = postgres.createDatabase("it_clean");
            assertThat(url).endsWith(":" + port + "/it_clean");
            try (Connection connection = DriverManager.getConnection(url, postgres.user(), postgres.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (id int)");
            }
            // created again: the old database with its table is gone
            postgres.createDatabase("it_clean");
            try (Connection connection = DriverManager.getConnection(url, postgres.user(), postgres.password());
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 't'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
        ProcessAssertions.assertStopped(pid, port);
    }

    @Test
    void takenPortGivesClearError(@TempDir Path dataDir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> LocalPostgres.startLocal(dataDir, taken.getLocalPort(), false,
                    LocalPostgres.DEFAULT_START_TIMEOUT))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    void replacesTheDatabaseInAJdbcUrl() {
        assertThat(LocalPostgres.urlOfDatabase("jdbc:postgresql://db:5432/oversight?sslmode=require", "t1"))
                .isEqualTo("jdbc:postgresql://db:5432/t1?sslmode=require");
        assertThat(LocalPostgres.urlOfDatabase("jdbc:postgresql://127.0.0.1:5/x", "y"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5/y");
    }
}
