package org.openclaw.oversight.platform.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.platform.demo.AlertmanagerReadings.Held;
import org.openclaw.oversight.platform.demo.TableReadings.IncidentRow;
import org.openclaw.oversight.platform.demo.TableReadings.Tables;
import org.openclaw.oversight.platform.demo.TopicReadings.AlertCounts;

/**
 * The demo's summary: a short line every ~15 s and a full one at the end, every number read from the
 * real tables, topics and Alertmanager's API at that moment. A section whose job is not among the running
 * ones says "not running"; a reading that fails says so instead of a number.
 */
final class DemoSummary {

    static final String INGESTION = "ingestion";
    static final String COST_AGGREGATION = "cost-aggregation";
    static final String ANOMALY_DETECTION = "anomaly-detection";
    static final String POLICY_ENFORCEMENT = "policy-enforcement";
    static final String INCIDENT_RESPONSE = "incident-response";
    /** Memory the whole demo (every server and job) should stay under on the 2-core reference machine. */
    static final long MEMORY_LIMIT = 4L << 30;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> jobs;
    private final TableReadings tables;
    private final TopicReadings topics;
    private final AlertmanagerReadings alertmanager;
    private final ProcessMemory memory;

    DemoSummary(Set<String> jobs, TableReadings tables, TopicReadings topics, AlertmanagerReadings alertmanager,
            ProcessMemory memory) {
        this.jobs = Set.copyOf(jobs);
        this.tables = tables;
        this.topics = topics;
        this.alertmanager = alertmanager;
        this.memory = memory;
    }

    /** What the jobs have produced so far, to tell when they are at rest; null when a reading fails. */
    record Progress(Tables tables, long inputRecords, long deadLetters, AlertCounts alerts, Map<String, Long> commands) {
        /** Ingestion has every record sent: in a table or a dead letter. */
        boolean caughtUp() {
            return tables.events() + deadLetters >= inputRecords;
        }
    }

    Progress progress() {
        Tables t = read(tables::read);
        Long sent = read(topics::inputRecords);
        Long letters = read(() -> topics.records(Topics.DEAD_LETTERS));
        AlertCounts alerts = read(topics::alerts);
        Map<String, Long> commands = read(topics::controlCommands);
        return t == null || sent == null || letters == null || alerts == null || commands == null ? null
                : new Progress(t, sent, letters, alerts, commands);
    }

    /** One line: the headline numbers of the jobs that run (the start line named the others). */
    String line(Duration elapsed) {
        List<String> parts = new ArrayList<>();
        parts.add("demo " + DemoDurations.format(elapsed));
        Tables t = read(tables::read);
        if (t == null) {
            parts.add("tables not readable");
        } else {
            ifRunning(parts, INGESTION, () -> String.format("events %,d · PII %,d", t.events(), t.piiFindings()));
            ifRunning(parts, COST_AGGREGATION, () -> String.format("windows %,d", t.windows()));
            ifRunning(parts, ANOMALY_DETECTION, () -> String.format("anomalies %,d", Tables.total(t.anomaliesByMetric())));
            ifRunning(parts, POLICY_ENFORCEMENT, () -> String.format("violations %,d", Tables.total(t.violationsByRule())));
            ifRunning(parts, INCIDENT_RESPONSE, () -> String.format("incidents %,d", Tables.total(t.incidentsByStatus())));
        }
        Held held = read(alertmanager::read);
        parts.add(held == null ? "Alertmanager not answering" : "Alertmanager " + held.total() + " alerts");
        parts.add("RSS " + gib(memory.sample().stream().mapToLong(ProcessMemory.Usage::residentBytes).sum()));
        return String.join(" · ", parts);
    }

    /** The jobs the summary has a section for that are not in this build. */
    List<String> notRunning() {
        return List.of(INGESTION, COST_AGGREGATION, ANOMALY_DETECTION, POLICY_ENFORCEMENT, INCIDENT_RESPONSE).stream()
                .filter(job -> !jobs.contains(job)).toList();
    }

    private void ifRunning(List<String> parts, String job, Supplier<String> text) {
        if (jobs.contains(job)) {
            parts.add(text.get());
        }
    }

    /** The full summary: one section per job, the agents, Alertmanager, memory. */
    List<String> full(Duration elapsed, Map<String, String> jobStates, Path simulatorReport, List<String> simulatorSummary) {
        List<String> out = new ArrayList<>();
        out.add("== oversight demo: summary after " + DemoDurations.format(elapsed) + " ==");
        jobStates.forEach((job, state) -> out.add(row("job " + job, state)));
        Tables t = read(tables::read);
        Long sent = read(topics::inputRecords);
        Long deadLetters = read(() -> topics.records(Topics.DEAD_LETTERS));
        if (t == null) {
            out.add(row("tables", "could not be read (is PostgreSQL up? see the log)"));
        }
        section(out, INGESTION, t, () -> List.of(
                String.format("events in: %,d in the tables (agent_events %,d, channel_messages %,d) of %s sent to Kafka;"
                        + " dead letters %s%s", t.events(), t.agentEvents(), t.channelMessages(), count(sent), count(deadLetters),
                        backlog(t, sent, deadLetters)),
                String.format("PII redacted: %,d findings in %,d events%s", t.piiFindings(), t.eventsWithPii(),
                        t.piiByType().isEmpty() ? "" : " (" + counts(t.piiByType(), 6) + ")")));
        section(out, COST_AGGREGATION, t, () -> List.of(String.format(
                "windows written: %,d (agent 1 min %,d, agent 1 h %,d, system 1 min %,d); cost %.2f EUR",
                t.windows(), t.metrics1m(), t.metrics1h(), t.systemMetrics1m(), t.costEur())));
        section(out, ANOMALY_DETECTION, t, () -> List.of("anomalies: " + total(t.anomaliesByMetric())));
        section(out, POLICY_ENFORCEMENT, t, () -> List.of("violations: " + total(t.violationsByRule())));
        section(out, INCIDENT_RESPONSE, t, () -> incidents(t));
        AlertCounts alerts = read(topics::alerts);
        out.add(row("alerts topic", alerts == null ? "could not be read"
                : "firing " + total(alerts.firing()) + "; resolved " + total(alerts.resolved())));
        Map<String, Long> commands = read(topics::controlCommands);
        out.add(row("agents", "control commands: " + (commands == null ? "could not be read" : total(commands))));
        out.add(row("", "obeyed: " + obeyed(simulatorReport)));
        Held held = read(alertmanager::read);
        out.add(row("Alertmanager", held == null ? "not answering"
                : held.total() + " alerts" + (held.total() == 0 ? "" : " (" + counts(held.byState(), 5) + "): "
                        + counts(held.byAlert(), 12))
                        + (jobs.contains(INCIDENT_RESPONSE) ? "" : "; nothing delivers to it: incident-response not running")));
        out.addAll(memoryLines());
        if (!simulatorSummary.isEmpty()) {
            out.add(row("simulator", simulatorSummary.get(0)));
            simulatorSummary.subList(1, simulatorSummary.size()).forEach(line -> out.add(row("", line.strip())));
        }
        return out;
    }

    /** Records sent but not yet processed when the demo stopped (Ctrl-C mid-run): the next start takes them. */
    private static String backlog(Tables t, Long sent, Long deadLetters) {
        if (sent == null || deadLetters == null) {
            return "";
        }
        long waiting = sent - deadLetters - t.events();
        return waiting > 0 ? String.format("; %,d not processed yet (the next start takes them from the checkpoint's offsets)", waiting) : "";
    }

    private void section(List<String> out, String job, Tables t, Supplier<List<String>> lines) {
        if (!jobs.contains(job)) {
            out.add(row(job, "not running (no such job in this build)"));
            return;
        }
        if (t == null) {
            return;
        }
        List<String> text = lines.get();
        out.add(row(job, text.get(0)));
        text.subList(1, text.size()).forEach(line -> out.add(row("", line)));
    }

    private static List<String> incidents(Tables t) {
        List<String> lines = new ArrayList<>();
        lines.add("incidents: " + total(t.incidentsByStatus()) + "; actions taken " + t.actionsTaken());
        for (IncidentRow row : t.incidents()) {
            lines.add(String.format("  %-18s %s %-12s %s/%s L%d %s", row.type(), row.severity(), row.status(),
                    row.tenant(), row.agent(), row.escalation(), row.actions().isEmpty() ? "no actions" : row.actions()));
        }
        return lines;
    }

    /** What the simulated agents did with the control commands, from the simulator's report ({@code commands[]}). */
    static String obeyed(Path report) {
        try {
            if (report == null || !Files.exists(report)) {
                return "not known yet (the simulator writes its report when it ends)";
            }
            JsonNode obeyed = JSON.readTree(report.toFile()).path("commands");
            if (!obeyed.isArray()) {
                return "this simulator does not report obeyed commands";
            }
            if (obeyed.isEmpty()) {
                return "none";
            }
            List<String> entries = new ArrayList<>();
            for (JsonNode entry : obeyed) {
                JsonNode obeyedAt = entry.path("obeyedAt");
                entries.add(first(entry, "agent", "agentId") + " " + first(entry, "command", "action")
                        + (obeyedAt.isTextual() ? " obeyed at " + obeyedAt.asText()
                                : " not obeyed (" + entry.path("outcome").asText("no outcome") + ")"));
            }
            return entries.size() + " (" + String.join(", ", entries.subList(0, Math.min(entries.size(), 10)))
                    + (entries.size() > 10 ? ", ..." : "") + ")";
        } catch (Exception e) {
            return "report not readable (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static String first(JsonNode entry, String... fields) {
        for (String field : fields) {
            if (entry.hasNonNull(field)) {
                return entry.path(field).asText();
            }
        }
        return "?";
    }

    private List<String> memoryLines() {
        List<ProcessMemory.Usage> usages = memory.sample();
        if (usages.isEmpty()) {
            return List.of(row("memory", "not known (no /proc)"));
        }
        long totalPeak = usages.stream().mapToLong(ProcessMemory.Usage::peakBytes).sum();
        String perProcess = usages.stream().map(u -> u.name() + " " + ProcessMemory.mib(u.peakBytes())
                        + (u.tree() ? " (tree, PSS)" : ""))
                .collect(Collectors.joining(" · "));
        return List.of(row("peak RSS", perProcess),
                row("", "sum of the peaks " + gib(totalPeak) + (totalPeak <= MEMORY_LIMIT ? " (under " : " (OVER ")
                        + gib(MEMORY_LIMIT) + ")"));
    }

    static String total(Map<String, Long> counts) {
        long sum = Tables.total(counts);
        return sum == 0 ? "0" : String.format("%,d (%s)", sum, counts(counts, 12));
    }

    static String counts(Map<String, Long> counts, int max) {
        String listed = counts.entrySet().stream().limit(max).map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return counts.size() > max ? listed + ", ..." : listed;
    }

    private static String count(Long value) {
        return value == null ? "?" : String.format("%,d", value);
    }

    static String row(String label, String text) {
        return String.format("%-20s %s", label, text);
    }

    static String gib(long bytes) {
        return String.format("%.2f GiB", bytes / (double) (1L << 30));
    }

    @FunctionalInterface
    interface Reading<T> {
        T read() throws Exception;
    }

    /** A reading, or null when its server does not answer (the summary then says so). */
    private static <T> T read(Reading<T> reading) {
        try {
            return reading.read();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(DemoSummary.class).info("demo summary: a reading failed: {}", e.toString());
            return null;
        }
    }
}
