package org.openclaw.oversight.connectors.alertmanager;

import java.time.Duration;

/** Polls a condition until it holds or a deadline passes; the pause between polls is pacing only. */
final class Await {

    interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {}

    static void until(String what, Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(100);
        }
        AssertionError error = new AssertionError("timed out after " + timeout + " waiting for: " + what);
        if (last != null) {
            error.initCause(last);
        }
        throw error;
    }
}
