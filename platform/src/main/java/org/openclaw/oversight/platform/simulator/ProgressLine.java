package org.openclaw.oversight.platform.simulator;

import java.io.PrintWriter;

/**
 * The progress line on stderr: records sent, rate, simulated time and incidents started. On a terminal it is
 * rewritten in place once a second; otherwise (logs, CI) a new line is printed every ten seconds.
 */
public final class ProgressLine {
    private final PrintWriter out;
    private final boolean inPlace;
    private final long intervalNanos;
    private long lastPrintNanos = -1;

    public ProgressLine(PrintWriter out, boolean terminal) {
        this.out = out;
        this.inPlace = terminal;
        this.intervalNanos = terminal ? 1_000_000_000L : 10_000_000_000L;
    }

    void update(InjectionReport report, long elapsedNanos) {
        if (lastPrintNanos >= 0 && elapsedNanos - lastPrintNanos < intervalNanos) {
            return;
        }
        lastPrintNanos = elapsedNanos;
        String line = line(report, elapsedNanos);
        if (inPlace) {
            out.print("\r" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    void finish(InjectionReport report, long elapsedNanos) {
        String line = line(report, elapsedNanos);
        out.println(inPlace ? "\r" + line : line);
        out.flush();
    }

    static String line(InjectionReport report, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
        long sent = report.emittedTotal();
        long simSeconds = Math.max(0, (report.lastEventTime() - report.startMillis()) / 1000);
        return String.format("simulate: %,d records sent, %.1f/s, simulated %02d:%02d, incidents %d/%d started  ",
                sent, sent / seconds, simSeconds / 60, simSeconds % 60, report.incidentsStarted(),
                report.incidents().size());
    }
}
