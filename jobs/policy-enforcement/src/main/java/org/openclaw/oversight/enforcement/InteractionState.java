package org.openclaw.oversight.enforcement;

/** Per trace: the summed cost so far, the earliest human review, and when the trace was last active. A Flink POJO. */
public class InteractionState {
    public double costEur;
    /** Event time of the earliest HUMAN_REVIEW span; Long.MAX_VALUE when none. */
    public long reviewMs = Long.MAX_VALUE;
    public long lastEventMs;
    /** The cleanup timer currently registered, 0 when none. */
    public long cleanupTimerMs;

    public InteractionState() {}
}
