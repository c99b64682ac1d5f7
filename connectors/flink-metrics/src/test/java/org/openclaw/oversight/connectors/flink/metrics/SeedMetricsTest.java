package org.openclaw.oversight.connectors.flink.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeedMetricsTest {

    @Test
    void topicsComeOutOfTheOperatorNamesFlinkGivesSourcesAndWriters() {
        assertThat(SeedMetrics.topicAfter("Source: kafka-source oversight.agent-events.v1", "kafka-source "))
                .isEqualTo("oversight.agent-events.v1");
        assertThat(SeedMetrics.topicAfter("kafka-source oversight.clean-events.v1", "kafka-source ")).isEqualTo("oversight.clean-events.v1");
        assertThat(SeedMetrics.topicAfter("kafka-sink oversight.alerts.v1", "kafka-sink ")).isEqualTo("oversight.alerts.v1");
    }

    @Test
    void theJobLabelIsTheOversightJobName() {
        assertThat(SeedMetrics.jobName("oversight-cost-aggregation")).isEqualTo("cost-aggregation");
        assertThat(SeedMetrics.jobName("something else")).isEqualTo("something else");
        assertThat(SeedMetrics.jobName(null)).isEmpty();
    }

    @Test
    void userLabelsAreTheKeyValueGroupsNotFlinksScope() {
        assertThat(SeedMetrics.userLabels(java.util.Map.of("<tenant_id>", "t", "<subtask_index>", "1", "<host>", "h",
                "<job_name>", "j", "<le>", "8"))).containsExactly(java.util.Map.entry("le", "8"), java.util.Map.entry("tenant_id", "t"));
    }
}
