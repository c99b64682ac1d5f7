package org.openclaw.oversight.connectors.kafka;

import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.AgentMetrics;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.ControlCommand;
import org.openclaw.oversight.schema.DeadLetter;
import org.openclaw.oversight.schema.IncidentCommand;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {

    @Test
    void listsTheDesignTopicsWithCompactionWhereTheLatestValueWins() {
        assertThat(Topics.all()).extracting(Topics.TopicSpec::name).containsExactly(
                "oversight.agent-events.v1", "oversight.channel-messages.v1", "oversight.heartbeats.v1",
                "oversight.clean-events.v1", "oversight.agent-metrics.v1", "oversight.alerts.v1", "oversight.agent-control.v1",
                "oversight.policies.v1", "oversight.dlq.v1", "oversight.incident-commands.v1");
        assertThat(Topics.all()).filteredOn(Topics.TopicSpec::compacted).extracting(Topics.TopicSpec::name)
                .containsExactlyInAnyOrder(Topics.AGENT_CONTROL, Topics.POLICIES);
        assertThat(Topics.all()).allSatisfy(t -> {
            assertThat(t.partitions()).isPositive();
            assertThat(t.configs()).containsEntry("cleanup.policy", t.compacted() ? "compact" : "delete");
        });
    }

    @Test
    void findsByNameAndNamesTheValueSubject() {
        assertThat(Topics.find(Topics.AGENT_EVENTS)).get()
                .satisfies(t -> assertThat(t.valueSubject()).isEqualTo("oversight.agent-events.v1-value"))
                .satisfies(t -> assertThat(t.key()).isEqualTo("traceId"));
        assertThat(Topics.find("nope")).isEmpty();
    }

    @Test
    void eachTopicNamesTheAvroRecordOfItsValuesAsDesignSection3Does() {
        assertThat(Topics.all()).extracting(Topics.TopicSpec::valueClass).containsExactly(AgentEvent.class,
                ChannelMessage.class, AgentHeartbeat.class, CleanEvent.class, AgentMetrics.class, Alert.class, ControlCommand.class,
                null, DeadLetter.class, IncidentCommand.class);
        assertThat(Topics.find(Topics.AGENT_EVENTS).orElseThrow().valueSchema()).contains(AgentEvent.getClassSchema());
        assertThat(Topics.find(Topics.DEAD_LETTERS).orElseThrow().valueSchema()).contains(DeadLetter.getClassSchema());
        // policy documents are YAML text: nothing to register
        assertThat(Topics.find(Topics.POLICIES).orElseThrow().valueSchema()).isEmpty();
    }
}
