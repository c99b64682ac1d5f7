package org.openclaw.oversight.cost;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

class UsageEventTest {

    private static final long T = 1_772_445_600_000L;

    @Test
    void onlyCompletedSpansCarryALatency() {
        UsageEvent ok = UsageEvent.of(TestEvents.clean("ok", "t", "a", T,
                TestEvents.span("ok", "t", "a", "m", EventKind.LLM_CALL, T, 2_000, SpanStatus.OK), 0.1));
        UsageEvent timeout = UsageEvent.of(TestEvents.clean("to", "t", "a", T,
                TestEvents.span("to", "t", "a", "m", EventKind.LLM_CALL, T, 10_000, SpanStatus.TIMEOUT), 0.1));
        UsageEvent failed = UsageEvent.of(TestEvents.clean("err", "t", "a", T,
                TestEvents.span("err", "t", "a", "m", EventKind.LLM_CALL, T, 30, SpanStatus.ERROR), 0.1));

        assertThat(ok.durationMs).isEqualTo(2_000);
        assertThat(ok.error).isFalse();
        // a timeout lasts as long as the caller's deadline: an error, not a latency
        assertThat(timeout.durationMs).isEqualTo(-1);
        assertThat(timeout.error).isTrue();
        assertThat(failed.durationMs).isEqualTo(-1);
        assertThat(failed.error).isTrue();
        assertThat(failed.errorCode).as("spans carry no channel error code").isEmpty();
    }

    @Test
    void timedOutCallsCountAsErrorsButNotInTheLatencyPercentiles() {
        WindowAccumulator minute = new WindowAccumulator();
        for (int i = 0; i < 19; i++) {
            minute.add(UsageEvent.of(TestEvents.llmCall("ok-" + i, "t", "a", "m", T + i, 1_000, false, 0.1)));
        }
        minute.add(UsageEvent.of(TestEvents.clean("to", "t", "a", T,
                TestEvents.span("to", "t", "a", "m", EventKind.LLM_CALL, T, 10_000, SpanStatus.TIMEOUT), 0.1)));

        assertThat(minute.errors).isEqualTo(1);
        assertThat(minute.latencyCount).isEqualTo(19);
        assertThat(minute.latencyMaxMs).isEqualTo(1_000);
        assertThat(minute.latency.quantile(0.95)).isLessThan(1_100);
    }
}
