package org.openclaw.oversight.connectors.timescale;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;

/**
 * The library's connection provider, plus {@link #retire()}: after a write failed, the writer
 * closes the connection and refuses to reconnect before it closes the library's writer.
 *
 * <p>Why: flink-connector-jdbc's {@code JdbcOutputFormat.close()} flushes a batch that is still
 * pending — after a failed write that is the failed batch, retried with a growing pause
 * (0 s, 1 s, 2 s, ...) and then rethrown from {@code close()}, during the task's failure clean-up.
 * Retired, that flush fails at once (closed connection, no reconnect); {@link JdbcUpsertWriter}
 * catches what {@code close()} throws. The rows were not checkpointed: Flink replays them.
 */
final class RetiringConnectionProvider implements JdbcConnectionProvider {

    private static final long serialVersionUID = 1L;

    private final SimpleJdbcConnectionProvider connections;
    private final String table;
    private transient volatile boolean retired;

    RetiringConnectionProvider(JdbcConnectionOptions options, String table) {
        this.connections = new SimpleJdbcConnectionProvider(options);
        this.table = table;
    }

    /** Closes the connection; from now on every attempt to (re)connect fails. */
    void retire() {
        retired = true;
        connections.closeConnection();
    }

    @Override
    public Connection getConnection() {
        return connections.getConnection();
    }

    @Override
    public Properties getProperties() {
        return connections.getProperties();
    }

    @Override
    public boolean isConnectionValid() throws SQLException {
        return !retired && connections.isConnectionValid();
    }

    @Override
    public Connection getOrEstablishConnection() throws SQLException, ClassNotFoundException {
        refuseIfRetired();
        return connections.getOrEstablishConnection();
    }

    @Override
    public void closeConnection() {
        connections.closeConnection();
    }

    @Override
    public Connection reestablishConnection() throws SQLException, ClassNotFoundException {
        refuseIfRetired();
        return connections.reestablishConnection();
    }

    private void refuseIfRetired() throws SQLException {
        if (retired) {
            throw new SQLException("The upsert into " + table + " is closing after a failed write; not reconnecting "
                    + "(its rows are replayed from the last checkpoint)", "08003");
        }
    }
}
