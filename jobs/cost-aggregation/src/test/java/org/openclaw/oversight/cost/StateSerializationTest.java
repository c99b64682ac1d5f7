package org.openclaw.oversight.cost;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** Everything this job keeps in state or ships between operators is a Flink POJO (or Value), never Kryo. */
class StateSerializationTest {

    @Test
    void stateAndRecordTypesAreSerializedWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(WindowAccumulator.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(OpenWindow.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(AgentMetrics.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SystemMetrics.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(BudgetDay.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(BudgetSpend.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(UnpricedMinute.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(UnpricedAlertState.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(MinuteTotals.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ModelMinute.class);
    }

    @Test
    void usageEventsUseTheirOwnSerializerAndRoundTripEveryField() throws Exception {
        assertThat(TypeInformation.of(UsageEvent.class).createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(UsageEventSerializer.class);
        UsageEvent e = TestEvents.usage("e-1", "tenant-ä", "agent-a", "claude", 123_456, 789, true, 0.25);
        e.channel = "SLACK";
        e.tier = "gold";
        e.toolCall = true;
        e.toolFailure = true;
        e.alignmentScore = 0.5;
        e.userSatisfaction = 4.0;
        e.cacheCreationInputTokens = 77;
        e.llmCall = true;
        UsageEventSerializer serializer = new UsageEventSerializer();
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(e, out);
        serializer.serialize(e, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        UsageEvent first = serializer.deserialize(in);
        UsageEvent second = serializer.deserialize(new UsageEvent(), in);
        assertThat(first).usingRecursiveComparison().withEqualsForType(Double::equals, Double.class).isEqualTo(e);
        assertThat(second).usingRecursiveComparison().withEqualsForType(Double::equals, Double.class).isEqualTo(e);
        assertThat(second.tenantId).isSameAs(first.tenantId); // repeated ids share one instance
        assertThat(serializer.copy(e)).usingRecursiveComparison().withEqualsForType(Double::equals, Double.class).isEqualTo(e);
        UsageEvent unset = new UsageEvent(); // null strings survive too
        out.clear();
        serializer.serialize(unset, out);
        assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).usingRecursiveComparison().withEqualsForType(Double::equals, Double.class).isEqualTo(unset);
    }
}
