package org.openclaw.oversight.connectors.kafka;

import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.AgentEvent;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSinksTest {

    @Test
    void transactionalIdPrefixIsStableAndUniquePerJobAndTopic() {
        assertThat(KafkaSinks.transactionalIdPrefix("ingestion", Topics.CLEAN_EVENTS))
                .isEqualTo("oversight-ingestion-oversight.clean-events.v1")
                .isEqualTo(KafkaSinks.transactionalIdPrefix("ingestion", Topics.CLEAN_EVENTS));
        Set<String> prefixes = new HashSet<>();
        for (String job : new String[] {"ingestion", "anomaly-detection", "policy-enforcement"}) {
            for (Topics.TopicSpec topic : Topics.all()) {
                assertThat(prefixes.add(KafkaSinks.transactionalIdPrefix(job, topic.name()))).isTrue();
            }
        }
    }

    @Test
    void sinksAreSerializableForShippingToTaskManagers() throws Exception {
        KafkaConnection connection = KafkaConnection.local();
        InstantiationUtil.clone(KafkaSinks.avro(connection, "job", Topics.AGENT_EVENTS, AgentEvent.class, AgentEvent::getTraceId));
        InstantiationUtil.clone(KafkaSinks.deadLetters(connection, "job"));
        InstantiationUtil.clone(ConfluentSchemaCoderProvider.forWritingTopic("http://127.0.0.1:8081", "t"));
        assertThat(ConfluentSchemaCoderProvider.forReading("http://127.0.0.1:8081/"))
                .isEqualTo(ConfluentSchemaCoderProvider.forReading("http://127.0.0.1:8081"));
    }

    @Test
    void aSinkNeedsAJobName() {
        assertThatThrownBy(() -> KafkaSinks.deadLetters(KafkaConnection.local(), " "))
                .hasMessageContaining("job name");
    }
}
