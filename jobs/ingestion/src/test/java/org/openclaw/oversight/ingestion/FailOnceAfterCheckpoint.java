package org.openclaw.oversight.ingestion;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throws once, in the first execution attempt, at the first record (after at least {@code afterRecords}
 * on this subtask) that follows a completed checkpoint — so the job fails mid-stream with committed
 * state behind it and must restore. The test sends records after {@link #checkpointCompleted()}, so the
 * failure waits for a condition, never for time.
 */
final class FailOnceAfterCheckpoint<T> extends RichMapFunction<T, T> implements CheckpointListener {

    static final AtomicInteger INJECTED_FAILURES = new AtomicInteger();
    private static final AtomicBoolean CHECKPOINT_COMPLETED = new AtomicBoolean();

    private final int afterRecords;
    private int seen;

    FailOnceAfterCheckpoint(int afterRecords) {
        this.afterRecords = afterRecords;
    }

    static boolean checkpointCompleted() {
        return CHECKPOINT_COMPLETED.get();
    }

    static void reset() {
        INJECTED_FAILURES.set(0);
        CHECKPOINT_COMPLETED.set(false);
    }

    @Override
    public T map(T value) throws Exception {
        if (getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
            seen++;
            if (seen >= afterRecords && CHECKPOINT_COMPLETED.get() && INJECTED_FAILURES.compareAndSet(0, 1)) {
                throw new IllegalStateException("injected failure after " + seen + " records");
            }
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        CHECKPOINT_COMPLETED.set(true);
    }
}
