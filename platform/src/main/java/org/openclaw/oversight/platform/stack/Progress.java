package org.openclaw.oversight.platform.stack;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** Numbered progress lines ("[2/7] Schema registry ... ok (1.2 s)") so long work shows where it is. */
final class Progress {

    private final PrintWriter out;
    private final int steps;
    private int current;

    Progress(PrintWriter out, int steps) {
        this.out = out;
        this.steps = steps;
    }

    /** Runs one step; its result is the text after "ok", and a failure names the step. */
    String step(String title, Callable<String> work) {
        current++;
        out.printf("[%d/%d] %s ... ", current, steps, title);
        out.flush();
        long start = System.nanoTime();
        try {
            String result = work.call();
            out.printf("%s (%.1f s)%n", result, (System.nanoTime() - start) / 1e9);
            out.flush();
            return result;
        } catch (Exception e) {
            out.println("FAILED");
            out.flush();
            throw new StepFailedException(title, e);
        }
    }

    /** A step that failed, with the step's title in front of the cause's message. */
    static final class StepFailedException extends RuntimeException {
        StepFailedException(String step, Exception cause) {
            super("step '" + step + "' failed: " + cause.getMessage(), cause);
        }
    }
}
