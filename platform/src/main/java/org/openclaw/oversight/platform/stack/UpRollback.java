package org.openclaw.oversight.platform.stack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.openclaw.oversight.localstack.PortInUseException;
import org.openclaw.oversight.localstack.Ports;
import org.openclaw.oversight.localstack.ServerProcess;
import org.openclaw.oversight.platform.UserFacingException;
import org.openclaw.oversight.platform.stack.StackState.Component;

/**
 * A failed or interrupted `up` leaves nothing it started behind: every server this call launched (known by
 * PID from {@link ServerProcess#launchedSince}, including one whose start was still in progress) is stopped
 * and its entry dropped from the state file, and the user is told which. Servers an earlier `up` started
 * keep running. Ctrl-C during `up` runs the same through a shutdown hook: servers live in sessions of their
 * own, so the keystroke no longer stops them by accident.
 */
final class UpRollback {

    private final Path stateFile;
    private final int launchMark;
    private final Set<String> recordedBefore;
    private final Thread onInterrupt;
    private boolean finished;

    private UpRollback(Path stateFile) {
        this.stateFile = stateFile;
        this.launchMark = ServerProcess.launchMark();
        this.recordedBefore = recorded(StackState.load(stateFile));
        this.onInterrupt = new Thread(this::interrupted, "oversight-up-interrupted");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
    }

    /** Marks what runs before `up` starts anything, and stops what it starts when the JVM is interrupted. */
    static UpRollback begin(Path stateFile) {
        return new UpRollback(stateFile);
    }

    /** `up` succeeded: what it started stays. */
    synchronized void commit() {
        finished = true;
        removeHook();
    }

    /**
     * `up` failed: stops what it started and returns the error to show, which says what was stopped and,
     * for a taken port, which option changes it and what holds it.
     */
    UserFacingException undo(Exception failure, StackSettings settings) {
        removeHook();
        String report = stopWhatThisCallStarted();
        Optional<PortInUseException> taken = portInUse(failure);
        String whatToDo = taken.map(e -> portAdvice(e, settings))
                .orElse(failure instanceof UserFacingException hint ? hint.whatToDo() : null);
        return new UserFacingException(failure.getMessage() + System.lineSeparator() + "  " + report,
                whatToDo != null ? whatToDo : "read the log named above, fix the cause and run ./oversight up again",
                failure);
    }

    private void interrupted() {
        String report = stopWhatThisCallStarted();
        if (!report.isEmpty()) {
            PrintStream err = System.err;
            err.println();
            err.println("oversight up: interrupted; " + report);
            err.flush();
        }
    }

    private synchronized String stopWhatThisCallStarted() {
        if (finished) {
            return "";
        }
        finished = true;
        List<String> stopped = new ArrayList<>();
        Set<Long> pids = new HashSet<>();
        for (ServerProcess server : ServerProcess.launchedSince(launchMark)) {
            pids.add(server.pid());
            boolean gone;
            try {
                gone = ServerStop.stop(server.name(), server.pid());
            } catch (Exception e) {
                gone = false;
            }
            stopped.add(server.name() + " (pid " + server.pid() + (gone ? ")" : ", COULD NOT BE STOPPED)"));
        }
        List<String> keptRunning = forgetWhatThisCallRecorded(pids);
        String report = stopped.isEmpty() ? "this up had started no server yet"
                : "stopped what this up had started: " + String.join(", ", stopped);
        return keptRunning.isEmpty() ? report + "." : report + "; still running from an earlier up: "
                + String.join(", ", keptRunning) + " (./oversight down stops them).";
    }

    /** Drops the state entries this call wrote; returns the components an earlier `up` left running. */
    private List<String> forgetWhatThisCallRecorded(Set<Long> stoppedPids) {
        StackState state = StackState.load(stateFile);
        List<String> keptRunning = new ArrayList<>();
        for (Component component : state.components()) {
            boolean ours = !recordedBefore.contains(key(component))
                    || (component.pid() != null && stoppedPids.contains(component.pid()));
            if (ours) {
                state.remove(component.name());
            } else if (component.processAlive()) {
                keptRunning.add(component.name() + " (pid " + component.pid() + ")");
            }
        }
        if (state.isEmpty()) {
            state.delete();
        }
        return keptRunning;
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs (or ran) and does the same
        }
    }

    private static Set<String> recorded(StackState state) {
        Set<String> keys = new HashSet<>();
        state.components().forEach(component -> keys.add(key(component)));
        return keys;
    }

    private static String key(Component component) {
        return component.name() + "/" + component.pid();
    }

    private static Optional<PortInUseException> portInUse(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PortInUseException taken) {
                return Optional.of(taken);
            }
        }
        return Optional.empty();
    }

    /** Which option moves the server off the taken port, with a free port to try; the database can also be reused. */
    private static String portAdvice(PortInUseException taken, StackSettings settings) {
        String flag = settings.flagFor(taken.port()).orElse(null);
        if (flag == null) {
            return "stop " + taken.holder().orElse("the program holding port " + taken.port()) + " and run up again";
        }
        int suggestion = nextFreePort(taken.port(), settings);
        StringBuilder advice = new StringBuilder("choose another port with ").append(flag);
        if (suggestion > 0) {
            advice.append(" (e.g. ").append(flag).append(' ').append(suggestion).append(')');
        }
        advice.append(" and pass the same options to status and down");
        taken.holder().ifPresent(holder -> advice.append(", or stop ").append(holder));
        if ("--db-port".equals(flag)) {
            advice.append(", or use that PostgreSQL: set ").append("OVERSIGHT_DB_URL=jdbc:postgresql://")
                    .append(StackSettings.HOST).append(':').append(taken.port())
                    .append("/oversight with OVERSIGHT_DB_USER and OVERSIGHT_DB_PASSWORD");
        }
        return advice.toString();
    }

    /** A free port above the taken one that no other option of this call already uses. */
    private static int nextFreePort(int taken, StackSettings settings) {
        for (int port = taken + 1; port < Math.min(65_536, taken + 50); port++) {
            if (settings.flagFor(port).isEmpty() && Ports.isFree(port)) {
                return port;
            }
        }
        return -1;
    }
}
