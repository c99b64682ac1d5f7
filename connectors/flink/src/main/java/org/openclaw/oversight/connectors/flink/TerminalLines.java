package org.openclaw.oversight.connectors.flink;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** The concise lines a local run prints to its terminal: {@code 22:10:05 ingestion  RUNNING}. */
final class TerminalLines {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final String job;
    private final PrintStream out;

    TerminalLines(String job, PrintStream out) {
        this.job = job;
        this.out = out;
    }

    synchronized void line(String text) {
        out.println(TIME.format(LocalTime.now()) + " " + job + "  " + text);
        out.flush();
    }
}
