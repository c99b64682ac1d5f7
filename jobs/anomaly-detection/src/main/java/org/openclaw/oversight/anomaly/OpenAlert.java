package org.openclaw.oversight.anomaly;

/**
 * Keyed state of {@link AlertLifecycle} per fingerprint: the open episode (if {@code open}) and the
 * latest time its condition was seen cleared, so a clear that overtakes the detection it ends (a CEP
 * match waits for the watermark, a clear does not) still resolves it.
 */
public class OpenAlert {

    public boolean open;
    public long startsAt;
    /** Severity ordinal (P1 = 0) of the open episode. */
    public int severity;
    /** Event time of the latest detection of the open episode; Long.MIN_VALUE when the detector has none (processing time). */
    public long lastDetectedAt;
    /** Latest clear seen, Long.MIN_VALUE if none. */
    public long lastClearedAt = Long.MIN_VALUE;

    public OpenAlert() {}
}
