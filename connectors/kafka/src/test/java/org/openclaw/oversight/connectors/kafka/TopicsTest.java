package org.openclaw.oversight.connectors.kafka;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {

    @Test
    void listsTheDesignTopicsWithCompactionWhereTheLatestValueWins() {
        assertThat(Topics.all()).extracting(Topics.TopicSpec::name).containsExactly(
                "oversight.agent-events.v1", "oversight.channel-messages.v1", "oversight.heartbeats.v1",
                "oversight.clean-events.v1", "oversight.alerts.v1", "oversight.agent-control.v1",
                "oversight.policies.v1", "oversight.dlq.v1");
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
}
