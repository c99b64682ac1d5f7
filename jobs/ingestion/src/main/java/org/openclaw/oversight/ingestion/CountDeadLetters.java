package org.openclaw.oversight.ingestion;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.openclaw.oversight.schema.DeadLetter;

/** Counts dead letters by reason ({@code oversight_dead_letters_total}, label {@code reason}: the seed-name reporter serves it as is) on their way to the DLQ. */
public final class CountDeadLetters extends RichMapFunction<DeadLetter, DeadLetter> {

    private transient LabelledCounters byReason;

    @Override
    public void open(OpenContext context) {
        byReason = new LabelledCounters(getRuntimeContext().getMetricGroup(), "reason", "oversight_dead_letters_total");
    }

    @Override
    public DeadLetter map(DeadLetter letter) {
        byReason.inc(letter.getErrorClass());
        return letter;
    }
}
