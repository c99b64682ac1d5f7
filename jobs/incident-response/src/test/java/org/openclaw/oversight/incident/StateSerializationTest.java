package org.openclaw.oversight.incident;

import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** Everything this job keeps in state or ships between operators is a Flink POJO (or Avro), never Kryo. */
class StateSerializationTest {

    @Test
    void stateAndRecordTypesAreSerializedWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(Incident.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ActionTaken.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(FingerprintEntry.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(AgentUptime.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(AuditEntry.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(IncidentInput.class);
    }
}
