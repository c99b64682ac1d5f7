package org.openclaw.oversight.platform.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openclaw.oversight.platform.UserFacingException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code oversight incidents}: the open incidents, newest first, from {@code oversight.incidents}. */
@Command(name = "incidents", mixinStandardHelpOptions = true,
        description = {"Open incidents (OPEN or ACKNOWLEDGED) as the incident-response job keeps them: id, type, severity,"
                + " tenant, agent, age, escalation level, actions taken; PII leaks with their GDPR Art. 33 deadlines.",
                "Act on one with `oversight incident ack|resolve|action ID --by NAME`."})
public final class IncidentsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String OPEN_INCIDENTS = "SELECT incident_id, type, severity, status, tenant_id, agent_id, opened_at, "
            + "escalation_level, actions_taken::text, gdpr_notice_due, gdpr_report_due FROM oversight.incidents "
            + "WHERE status IN ('OPEN', 'ACKNOWLEDGED') ORDER BY opened_at DESC";

    @Mixin
    IncidentStackOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "TYPE", "SEV", "STATUS", "TENANT", "AGENT", "AGE", "LEVEL", "ACTIONS"});
        List<String> notes = new ArrayList<>();
        Instant now = Instant.now();
        try (Connection db = options.database().open(); PreparedStatement q = db.prepareStatement(OPEN_INCIDENTS);
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString("incident_id");
                rows.add(new String[] {id, rs.getString("type"), rs.getString("severity"), rs.getString("status"),
                        dash(rs.getString("tenant_id")), dash(rs.getString("agent_id")),
                        age(Duration.between(rs.getTimestamp("opened_at").toInstant(), now)), "L" + rs.getInt("escalation_level"),
                        actions(rs.getString("actions_taken"))});
                Timestamp notice = rs.getTimestamp("gdpr_notice_due");
                if (notice != null) {
                    notes.add(id + ": GDPR Art. 33 first notice due " + notice.toInstant() + " (" + left(notice.toInstant(), now)
                            + "), report due " + rs.getTimestamp("gdpr_report_due").toInstant() + " ("
                            + left(rs.getTimestamp("gdpr_report_due").toInstant(), now) + ")");
                }
            }
        } catch (SQLException e) {
            throw new UserFacingException("cannot read oversight.incidents (SQLState " + e.getSQLState() + ")",
                    "check the database (--db-url / $OVERSIGHT_DB_URL, or ./oversight status) and run ./oversight migrate");
        }
        if (rows.size() == 1) {
            out.println("no open incidents");
            return 0;
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        notes.forEach(out::println);
        return 0;
    }

    /** e.g. {@code RATE_LIMIT a1 sent, HEALTH_CHECK a2 passed}. */
    static String actions(String json) {
        List<String> parts = new ArrayList<>();
        try {
            for (JsonNode a : JSON.readTree(json == null ? "[]" : json)) {
                parts.add(a.path("action").asText() + (a.has("agent") ? " " + a.path("agent").asText() : "") + " "
                        + a.path("result").asText());
            }
        } catch (Exception e) {
            return "?";
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60) + "s";
        }
        if (s < 86_400) {
            return (s / 3600) + "h" + (s % 3600 / 60) + "m";
        }
        return (s / 86_400) + "d" + (s % 86_400 / 3600) + "h";
    }

    private static String left(Instant due, Instant now) {
        Duration d = Duration.between(now, due);
        return d.isNegative() ? "OVERDUE by " + age(d.negated()) : "in " + age(d);
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
