package org.openclaw.oversight.connectors.flink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openclaw.oversight.connectors.flink.JobProgressReporter.Measure;

/** The operator names connectors/kafka gives every job, as Flink's metric groups report them. */
class JobProgressReporterTest {

    @Test
    void countersAreRecognisedByTheNamesOfOurSourcesAndSinks() {
        assertThat(JobProgressReporter.classify("numRecordsOut", "Source: kafka-source oversight.agent-events.v1")).isEqualTo(Measure.IN);
        assertThat(JobProgressReporter.classify("numRecordsIn", "kafka-sink oversight.clean-events.v1: Writer")).isEqualTo(Measure.OUT);
        assertThat(JobProgressReporter.classify("numRecordsIn", "kafka-sink oversight.dlq.v1: Writer")).isEqualTo(Measure.DEAD_LETTERS);
        assertThat(JobProgressReporter.classify("rowsWritten", "table agent_events: Writer")).isEqualTo(Measure.ROWS);
        // committables into the committer are not records
        assertThat(JobProgressReporter.classify("numRecordsIn", "kafka-sink oversight.clean-events.v1: Committer")).isNull();
        assertThat(JobProgressReporter.classify("numRecordsIn", "decode AgentEvent")).isNull();
        assertThat(JobProgressReporter.classify("numRecordsOut", null)).isNull();
    }
}
