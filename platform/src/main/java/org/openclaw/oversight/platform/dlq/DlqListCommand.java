package org.openclaw.oversight.platform.dlq;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code oversight dlq list}: how many letters, from where, why, since when. Reads metadata only, so
 * it needs no key and writes no audit entry; it never prints a key, a payload or an error message.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Count the dead letters by source topic, job and errorClass, with first and last failure time "
                + "and how many were truncated. Shows no payloads and needs no key.",
                "Pass a letter's position (PARTITION:OFFSET, column 'first at') to `oversight dlq show`."})
public final class DlqListCommand implements Callable<Integer> {

    @Mixin
    DlqOptions options;

    @Mixin
    LetterFilter filter;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DeadLetterReader reader = options.reader(options.registry());
        LetterGroups groups = new LetterGroups();
        DeadLetterReader.Report report = reader.read(List.of(), stored -> {
            if (filter.matches(stored)) {
                groups.add(stored);
            }
        });
        out.println(report.topic() + ": " + report.recordsRead() + " records read"
                + (filter.isEmpty() ? "" : ", filters " + filter.describe()));
        if (groups.total() == 0) {
            out.println("No dead letters" + (filter.isEmpty() ? "." : " match."));
        } else {
            printTable(out, groups.sorted());
            out.println("Total: " + groups.total() + " letters.");
        }
        long unencrypted = groups.sorted().stream().mapToLong(g -> g.unencrypted).sum();
        if (unencrypted > 0) {
            out.println("Note: " + unencrypted + " letters were written before dead letters were encrypted; their "
                    + "payloads are readable on the topic until its retention removes them.");
        }
        report.notLetters().forEach((reason, count) -> out.println("Not dead letters (skipped): " + count
                + " records, " + reason));
        out.flush();
        return 0;
    }

    private static void printTable(PrintWriter out, List<LetterGroups.Group> groups) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SOURCE TOPIC", "JOB", "ERROR CLASS", "COUNT", "TRUNCATED", "FIRST FAILED", "LAST FAILED",
                "FIRST AT"});
        for (LetterGroups.Group g : groups) {
            rows.add(new String[] {g.sourceTopic, g.job, g.errorClass, Long.toString(g.count), Long.toString(g.truncated),
                    seconds(g.firstFailedAt), seconds(g.lastFailedAt), g.example});
        }
        int[] widths = new int[rows.get(0).length];
        rows.forEach(row -> {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        });
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean number = i == 3 || i == 4;
                String cell = number && row != rows.get(0) ? " ".repeat(widths[i] - row[i].length()) + row[i]
                        : row[i] + " ".repeat(widths[i] - row[i].length());
                line.append(cell).append(i < row.length - 1 ? "  " : "");
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
