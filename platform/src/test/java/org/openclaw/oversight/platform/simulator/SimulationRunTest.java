package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Real-time pacing: records leave when the wall clock reaches their time, and a late start catches up. */
class SimulationRunTest {

    @Test
    void aPacedRunWhoseStartIsAlreadyPastSendsWhatIsDueAtOnceAndThenWaits() {
        // a clock that moves only as records are sent: any wait the run asked for would be a real sleep
        AtomicLong nanos = new AtomicLong();
        RecordedRun.CollectingPublisher publisher = new RecordedRun.CollectingPublisher() {
            @Override
            public void publish(SimulatedRecord record) {
                super.publish(record);
                nanos.addAndGet(1_000); // sending takes a microsecond on this clock
            }
        };
        FleetSimulation simulation = new FleetSimulation(Fleet.builtIn(), Scenario.none(),
                new SimulationSettings(1, RecordedRun.START, 50));
        long began = System.nanoTime();
        // the whole 20 s are already past: nothing to wait for
        new SimulationRun(simulation, publisher, SimulationRun.UNBOUNDED, 20_000, true, null, nanos::get)
                .catchingUp(20_000).run();
        assertThat((System.nanoTime() - began) / 1_000_000).isLessThan(5_000);
        assertThat(publisher.records).hasSizeGreaterThan(500);
        assertThat(publisher.records.get(publisher.records.size() - 1).eventTime())
                .isGreaterThan(RecordedRun.START + 19_000);
    }

    @Test
    void withoutTheLagThePacedRunWaitsForTheWallClock() {
        RecordedRun.CollectingPublisher publisher = new RecordedRun.CollectingPublisher();
        FleetSimulation simulation = new FleetSimulation(Fleet.builtIn(), Scenario.none(),
                new SimulationSettings(1, RecordedRun.START, 50));
        long began = System.nanoTime();
        new SimulationRun(simulation, publisher, SimulationRun.UNBOUNDED, 1_500, true, null).run();
        // the last record is about 1.5 s in: the run took about that long on the wall clock
        long lastOffset = publisher.records.get(publisher.records.size() - 1).eventTime() - RecordedRun.START;
        assertThat((System.nanoTime() - began) / 1_000_000).isGreaterThanOrEqualTo(lastOffset - 5);
    }
}
