package org.openclaw.oversight.platform.stack;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.openclaw.oversight.platform.stack.StackState.Component;

/**
 * The psql command an analyst pastes to reach the stack's database, with the search path set to schema
 * {@code oversight} so the tables need no prefix. The local stack's password is a local-only credential (the
 * cluster listens on 127.0.0.1 and lives in the data dir), so its line carries it; for an external database
 * named by OVERSIGHT_DB_URL the line refers to {@code $OVERSIGHT_DB_PASSWORD} and never contains the password.
 */
final class PsqlLine {

    private static final String JDBC_PREFIX = "jdbc:postgresql://";
    private static final String SEARCH_PATH = "options=-csearch_path%3Doversight%2Cpublic";

    private PsqlLine() {}

    /** The line for what {@code up} recorded; empty before the database step has run. */
    static Optional<String> of(StackState state) {
        if (state.jdbcUrl() == null || state.dbUser() == null) {
            return Optional.empty();
        }
        boolean local = state.component(StackComponents.POSTGRESQL).map(Component::pid).isPresent();
        return Optional.of(local ? local(state.jdbcUrl(), state.dbUser(), state.dbPassword())
                : external(state.jdbcUrl(), state.dbUser()));
    }

    static String local(String jdbcUrl, String user, String password) {
        String credentials = encode(user) + (password == null || password.isEmpty() ? "" : ":" + encode(password));
        return "psql \"postgresql://" + credentials + "@" + hostPortDatabase(jdbcUrl) + "?" + SEARCH_PATH + "\"";
    }

    /**
     * Only {@code sslmode} of the JDBC parameters is kept: the others are JDBC-only (psql rejects them), and a
     * {@code password=} parameter must not be printed.
     */
    static String external(String jdbcUrl, String user) {
        String sslMode = parameter(jdbcUrl, "sslmode").map(mode -> "sslmode=" + mode + "&").orElse("");
        return "PGPASSWORD=\"$OVERSIGHT_DB_PASSWORD\" psql \"postgresql://" + encode(user) + "@"
                + hostPortDatabase(jdbcUrl) + "?" + sslMode + SEARCH_PATH + "\"";
    }

    private static String hostPortDatabase(String jdbcUrl) {
        String rest = jdbcUrl.startsWith(JDBC_PREFIX) ? jdbcUrl.substring(JDBC_PREFIX.length()) : jdbcUrl;
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }

    private static Optional<String> parameter(String jdbcUrl, String name) {
        int query = jdbcUrl.indexOf('?');
        if (query < 0) {
            return Optional.empty();
        }
        for (String pair : jdbcUrl.substring(query + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equalsIgnoreCase(name)) {
                return Optional.of(pair.substring(eq + 1));
            }
        }
        return Optional.empty();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
