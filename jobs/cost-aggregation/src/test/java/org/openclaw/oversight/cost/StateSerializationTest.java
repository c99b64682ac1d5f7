package org.openclaw.oversight.cost;

import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** Everything this job keeps in state or ships between operators is a Flink POJO (or Value), never Kryo. */
class StateSerializationTest {

    @Test
    void stateAndRecordTypesAreSerializedWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(WindowAccumulator.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(UsageEvent.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(AgentMetrics.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SystemMetrics.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(BudgetDay.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(BudgetSpend.class);
    }
}
