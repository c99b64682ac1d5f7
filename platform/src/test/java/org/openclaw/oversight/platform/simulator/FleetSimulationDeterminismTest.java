package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetSimulationDeterminismTest {

    private static RecordedRun run(long seed) {
        Fleet fleet = Fleet.builtIn();
        return RecordedRun.of(fleet, new ScenarioLoader(fleet).loadBuiltIn(), seed, 8_000, SimulationRun.UNBOUNDED);
    }

    @Test
    void sameSeedGivesByteIdenticalRecords() {
        RecordedRun first = run(7);
        RecordedRun second = run(7);

        assertThat(first.records).hasSize(8_000);
        assertThat(first.bytes()).isEqualTo(second.bytes());
        assertThat(first.report.toJson()).isEqualTo(second.report.toJson());
    }

    @Test
    void differentSeedsGiveDifferentRecords() {
        RecordedRun a = run(7);
        RecordedRun b = run(8);

        assertThat(Arrays.equals(a.bytes(), b.bytes())).isFalse();
        List<String> idsA = a.records.stream().map(SimulatedRecord::id).toList();
        List<String> idsB = b.records.stream().map(SimulatedRecord::id).filter(id -> !id.startsWith("heartbeat:"))
                .toList();
        assertThat(idsB).doesNotContainAnyElementsOf(idsA);
    }

    @Test
    void idsAreUniqueAndRecordsComeInEventTimeOrder() {
        RecordedRun run = run(11);

        assertThat(run.records.stream().map(SimulatedRecord::id).distinct().count()).isEqualTo(run.records.size());
        for (int i = 1; i < run.records.size(); i++) {
            assertThat(run.records.get(i).eventTime()).isGreaterThanOrEqualTo(run.records.get(i - 1).eventTime());
        }
    }

    @Test
    void rateIsRoughlyTheTargetInSimulatedTime() {
        RecordedRun run = run(3);
        long spanMs = run.records.get(run.records.size() - 1).eventTime() - RecordedRun.START;
        double perSecond = run.records.size() * 1000.0 / spanMs;

        assertThat(perSecond).isBetween(40.0, 60.0);
    }
}
