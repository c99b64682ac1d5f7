package org.openclaw.oversight.ingestion;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throws once, in the first execution attempt, at the first record (after at least {@code afterRecords}
 * on this subtask) that follows a completed checkpoint — so the job fails mid-stream with committed
 * state behind it and must restore. Until then it paces the first attempt (a few milliseconds per
 * record) so the stream spans several checkpoints; the failure itself waits for the condition, not
 * for time. Use with unaligned checkpoints: aligned barriers would queue behind the paced records.
 */
final class FailOnceAfterCheckpoint<T> extends RichMapFunction<T, T> implements CheckpointListener {

    static final AtomicInteger INJECTED_FAILURES = new AtomicInteger();
    private static final AtomicBoolean CHECKPOINT_COMPLETED = new AtomicBoolean();

    private final int afterRecords;
    private int seen;

    FailOnceAfterCheckpoint(int afterRecords) {
        this.afterRecords = afterRecords;
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
            // pacing only: spreads the input over several checkpoints; once past afterRecords with no checkpoint
            // completed yet (a loaded machine starts slowly), slower still, so the stream cannot end before one does
            Thread.sleep(seen >= afterRecords && !CHECKPOINT_COMPLETED.get() ? 50 : 3);
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        CHECKPOINT_COMPLETED.set(true);
    }
}
