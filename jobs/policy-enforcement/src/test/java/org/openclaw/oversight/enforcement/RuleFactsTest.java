package org.openclaw.oversight.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openclaw.oversight.enforcement.TestEvents.*;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.Direction;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/** The projection the trace and agent operators receive: the fields they judge, small, and a Flink POJO. */
class RuleFactsTest {

    @Test
    void aSpanKeepsWhatTheTraceAndAgentRulesJudge() {
        CleanEvent run = withCost(clean(span(HR, "trace-1", EventKind.AGENT_RUN, T0, 4_200).setAgentVersion("2.0.0-rc1")
                .setStatus(SpanStatus.ERROR).setInput("a long prompt ".repeat(200)).setOutput("an answer")), 0.0123);
        RuleFacts f = RuleFacts.of(run);
        assertThat(f.eventId).isEqualTo(run.getEventId());
        assertThat(f.tenantId).isEqualTo(TENANT);
        assertThat(f.agentId).isEqualTo(HR);
        assertThat(f.timeMs).isEqualTo(T0);
        assertThat(f.interactionId).isEqualTo("trace-1");
        assertThat(f.kind).isEqualTo(EventKind.AGENT_RUN);
        assertThat(f.isSpan()).isTrue();
        assertThat(f.isSpan(EventKind.HUMAN_REVIEW)).isFalse();
        assertThat(f.agentVersion).isEqualTo("2.0.0-rc1");
        assertThat(f.ok).isFalse();
        assertThat(f.endMs).isEqualTo(T0 + 4_200);
        assertThat(f.costEur).isEqualTo(0.0123);
        assertThat(RuleFacts.of(clean(span(HR, "trace-2", EventKind.LLM_CALL, T0, 10))).costEur).as("unpriced").isZero();
    }

    @Test
    void aMessageIsItsConversation() {
        RuleFacts f = RuleFacts.of(message(SUPPORT, "conv-9", "u1", Direction.OUTBOUND, "Hallo", T0 + 5));
        assertThat(f.isSpan()).isFalse();
        assertThat(f.interactionId).isEqualTo("conv-9");
        assertThat(f.agentVersion).isNull();
        assertThat(f.timeMs).isEqualTo(T0 + 5);
    }

    @Test
    void itTravelsAsAPojoAndIsAFractionOfTheEvent() throws Exception {
        CleanEvent span = withCost(clean(span(SUPPORT, "0123456789abcdef0123456789abcdef", EventKind.LLM_CALL, T0, 900)
                .setInput("Wie ist der Status meiner Bestellung? ".repeat(10)).setOutput("Ihre Bestellung ist unterwegs.")), 0.002);
        TypeSerializer<RuleFacts> serializer = TypeInformation.of(RuleFacts.class).createSerializer(new SerializerConfigImpl());
        assertThat(serializer).isInstanceOf(PojoSerializer.class);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(RuleFacts.of(span), out);
        RuleFacts back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back).usingRecursiveComparison().isEqualTo(RuleFacts.of(span));
        assertThat(out.length()).isLessThan(span.toByteBuffer().remaining() / 3);
    }
}
