package org.openclaw.oversight.anomaly;

import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** Every type in the job's state and between its operators is a Flink POJO: checkpoints never fall back to Kryo. */
class StateSerializationTest {

    @Test
    void stateAndRecordTypesAreFlinkPojos() {
        for (Class<?> type : new Class<?>[] {RunningStats.class, TokenEpisode.class, LlmCall.class, MinuteValues.class, MinuteJudgement.class,
                OpenAlert.class, SpanNode.class, ErrorSpan.class, LivenessSignal.class, AgentLivenessState.class, ChannelError.class,
                ChannelMinute.class}) {
            PojoTestUtils.assertSerializedAsPojoWithoutKryo(type);
        }
    }
}
