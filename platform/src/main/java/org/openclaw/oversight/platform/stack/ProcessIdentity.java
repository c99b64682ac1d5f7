package org.openclaw.oversight.platform.stack;

import java.time.Instant;

/**
 * Tells a process we started from a later one that got its PID (after a reboot, or once the PID space wrapped):
 * the kernel's start time of a process never changes, so the state files record it next to the PID and `down`
 * signals only a process whose start time still matches.
 */
public final class ProcessIdentity {

    /** The start time comes from the clock ticks of /proc/PID/stat; 1 s is ample. */
    private static final long TOLERANCE_MS = 1_000;

    private ProcessIdentity() {}

    /** When the live process {@code pid} began, in epoch millis; 0 when it does not exist or the OS does not say. */
    public static long startedAt(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(Instant::toEpochMilli).orElse(0L);
    }

    /** Alive and the same process as recorded; a record without a start time (0, older state files) trusts the PID. */
    public static boolean isRecordedProcess(long pid, long recordedStartMillis) {
        ProcessHandle handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).orElse(null);
        if (handle == null) {
            return false;
        }
        if (recordedStartMillis == 0) {
            return true;
        }
        long now = handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return now == 0 || Math.abs(now - recordedStartMillis) <= TOLERANCE_MS;
    }
}
