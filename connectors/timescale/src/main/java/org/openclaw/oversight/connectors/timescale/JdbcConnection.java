package org.openclaw.oversight.connectors.timescale;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where the oversight database is: a PostgreSQL JDBC URL plus credentials.
 *
 * <p>Read from {@code OVERSIGHT_DB_URL}, {@code OVERSIGHT_DB_USER} and {@code OVERSIGHT_DB_PASSWORD}
 * (DESIGN §8) or given explicitly. {@link #toString()} never shows the password.
 */
public record JdbcConnection(String url, String user, String password) implements Serializable {

    public static final String URL_VARIABLE = "OVERSIGHT_DB_URL";
    public static final String USER_VARIABLE = "OVERSIGHT_DB_USER";
    public static final String PASSWORD_VARIABLE = "OVERSIGHT_DB_PASSWORD";

    public JdbcConnection {
        Objects.requireNonNull(url, "JDBC URL is null: pass a URL like jdbc:postgresql://127.0.0.1:5432/oversight");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: '" + withoutQuery(url)
                    + "'. Use a URL like jdbc:postgresql://127.0.0.1:5432/oversight");
        }
        // URL parameters override the driver properties the sinks set. pgjdbc would rewrite a batch of
        // upserts into one multi-row INSERT, and PostgreSQL refuses a multi-row ON CONFLICT DO UPDATE
        // that touches the same key twice (JdbcUpsertSink turns the rewrite on only where it keeps
        // batches key-unique).
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("rewritebatchedinserts=true")) {
            throw new IllegalArgumentException("JDBC URL sets reWriteBatchedInserts=true, which breaks batched upserts "
                    + "of repeated keys ('ON CONFLICT DO UPDATE command cannot affect row a second time'). "
                    + "Remove it from " + URL_VARIABLE + ".");
        }
        // with it, pgjdbc copies the server's DETAIL and the bound values into exceptions, which reach logs
        if (lower.contains("logservererrordetail=true")) {
            throw new IllegalArgumentException("JDBC URL sets logServerErrorDetail=true, which puts row values (personal "
                    + "data) into error messages and logs. Remove it from " + URL_VARIABLE + ".");
        }
    }

    /** Reads {@code OVERSIGHT_DB_URL}, {@code OVERSIGHT_DB_USER}, {@code OVERSIGHT_DB_PASSWORD} of this process. */
    public static JdbcConnection fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Reads the three variables from {@code environment}; user and password may be absent (URL carries them). */
    public static JdbcConnection fromEnvironment(Map<String, String> environment) {
        String url = environment.get(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(URL_VARIABLE + " is not set. Set it to the JDBC URL of the oversight "
                    + "database, e.g. jdbc:postgresql://127.0.0.1:5432/oversight, with " + USER_VARIABLE + " and "
                    + PASSWORD_VARIABLE + " (or start the local stack with `oversight up`).");
        }
        return new JdbcConnection(url.trim(), environment.get(USER_VARIABLE), environment.get(PASSWORD_VARIABLE));
    }

    /**
     * Driver properties: credentials, plus {@code logServerErrorDetail=false} so pgjdbc does not
     * copy bound values (event text) into exception messages, which end up in logs.
     */
    public Properties driverProperties() {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("logServerErrorDetail", "false");
        properties.setProperty("ApplicationName", "openclaw-oversight");
        return properties;
    }

    /** Opens a new connection; the caller closes it. */
    public Connection open() throws SQLException {
        try {
            return DriverManager.getConnection(url, driverProperties());
        } catch (SQLException e) {
            throw new SQLException("Cannot connect to the oversight database at " + withoutQuery(url) + " as user '"
                    + user + "': " + e.getMessage() + ". Check that PostgreSQL is running and "
                    + URL_VARIABLE + "/" + USER_VARIABLE + "/" + PASSWORD_VARIABLE + " are right.",
                    e.getSQLState(), e);
        }
    }

    @Override
    public String toString() {
        return "JdbcConnection[url=" + withoutQuery(url) + ", user=" + user + ", password="
                + (password == null ? "<none>" : "***") + "]";
    }

    // The query part of a JDBC URL may carry a password.
    static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?...";
    }
}
