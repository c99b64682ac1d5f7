package org.openclaw.oversight.connectors.timescale;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Describes a failed write without the rows' values, which may be personal data and would reach
 * Flink's logs through the exception.
 *
 * <p>PostgreSQL puts values in an error's DETAIL ({@code Key (email)=(jane@...) already exists}),
 * CONTEXT and, for input errors, in the primary message ({@code invalid input syntax for type
 * bigint: "jane"}). Only the SQLState and the primary message are kept, and in the message every
 * double-quoted part that is not a known identifier (table, column, constraint) is withheld.
 */
final class SqlErrorText {

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    private SqlErrorText() {}

    /** {@code SQLState 23502: null value in column "x" of relation "t" violates not-null constraint}. */
    static String describe(SQLException error, Set<String> identifiers) {
        String message;
        Set<String> known = new HashSet<>(identifiers);
        if (error instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            message = server.getMessage();
            addIfPresent(known, server.getTable());
            addIfPresent(known, server.getColumn());
            addIfPresent(known, server.getConstraint());
            addIfPresent(known, server.getSchema());
            addIfPresent(known, server.getDatatype());
        } else {
            message = error.getMessage(); // client-side (connection, I/O) errors carry no row values
        }
        return "SQLState " + error.getSQLState() + ": " + withheldValues(String.valueOf(message), known);
    }

    /** The error as an exception safe to log: same SQLState and stack, described without values, no causes. */
    static SQLException withoutValues(SQLException error, Set<String> identifiers) {
        SQLException safe = new SQLException(describe(error, identifiers), error.getSQLState());
        safe.setStackTrace(error.getStackTrace());
        return safe;
    }

    private static String withheldValues(String message, Set<String> known) {
        // the detail some drivers append after a line break is dropped as well
        int lineBreak = message.indexOf('\n');
        String firstLine = lineBreak < 0 ? message : message.substring(0, lineBreak);
        Matcher quoted = QUOTED.matcher(firstLine);
        StringBuilder out = new StringBuilder();
        while (quoted.find()) {
            String inside = quoted.group(1);
            quoted.appendReplacement(out, Matcher.quoteReplacement(
                    known.contains(inside) ? quoted.group() : "<value withheld>"));
        }
        quoted.appendTail(out);
        return out.toString();
    }

    private static void addIfPresent(Set<String> known, String identifier) {
        if (identifier != null) {
            known.add(identifier);
        }
    }
}
