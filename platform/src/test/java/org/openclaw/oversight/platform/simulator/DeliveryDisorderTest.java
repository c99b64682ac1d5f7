package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** --disorder: the same records, delivered out of event-time order within the bound, a few of them late. */
class DeliveryDisorderTest {
    private static final long BOUND = 5_000;
    private static final long SPAN = 10 * 60_000;
    private static RecordedRun ordered;
    private static RecordedRun disordered;

    @BeforeAll
    static void simulate() {
        Fleet fleet = Fleet.builtIn();
        Scenario scenario = new ScenarioLoader(fleet).loadBuiltIn();
        SimulationSettings settings = new SimulationSettings(5, RecordedRun.START, 50);
        ordered = RecordedRun.of(fleet, scenario, settings, null, SimulationRun.UNBOUNDED, SPAN);
        disordered = RecordedRun.of(fleet, scenario, settings.withDisorder(BOUND), null, SimulationRun.UNBOUNDED, SPAN);
    }

    @Test
    void theSameRecordsComeInAnotherOrder() {
        Comparator<SimulatedRecord> byTimeAndId = Comparator.comparingLong(SimulatedRecord::eventTime)
                .thenComparing(SimulatedRecord::id);
        List<SimulatedRecord> a = ordered.records.stream().sorted(byTimeAndId).toList();
        List<SimulatedRecord> b = disordered.records.stream().sorted(byTimeAndId).toList();
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).id()).isEqualTo(a.get(i).id());
            assertThat(b.get(i).value()).isEqualTo(a.get(i).value());
        }
        assertThat(disordered.records.stream().map(SimulatedRecord::id).toList())
                .isNotEqualTo(ordered.records.stream().map(SimulatedRecord::id).toList());
        assertThat(ordered.report.reorderedByTopic()).isEmpty();
        // the incidents saw the same records either way
        assertThat(disordered.report.incidents()).extracting(o -> o.affectedIds().size())
                .isEqualTo(ordered.report.incidents().stream().map(o -> o.affectedIds().size()).toList());
    }

    @Test
    void recordsLeaveNoEarlierThanTheirEventTimeAndAtMostTwiceTheBoundLater() {
        for (int i = 0; i < disordered.records.size(); i++) {
            long delay = disordered.deliveryTimes.get(i) - disordered.records.get(i).eventTime();
            assertThat(delay).isBetween(0L, 2 * BOUND + 1);
            if (i > 0) {
                assertThat(disordered.deliveryTimes.get(i)).isGreaterThanOrEqualTo(disordered.deliveryTimes.get(i - 1));
            }
        }
    }

    @Test
    void reorderedAndLateRecordsAreCountedPerTopicAsAConsumerWouldSeeThem() {
        Map<String, Long> latest = new HashMap<>();
        Map<String, Long> reordered = new TreeMap<>();
        Map<String, Long> late = new TreeMap<>();
        long total = 0;
        for (SimulatedRecord r : disordered.records) {
            Long max = latest.get(r.topic());
            if (max != null && r.eventTime() < max) {
                reordered.merge(r.topic(), 1L, Long::sum);
                if (r.eventTime() < max - BOUND) { // behind a watermark of bounded out-of-orderness BOUND
                    late.merge(r.topic(), 1L, Long::sum);
                }
            }
            latest.merge(r.topic(), r.eventTime(), Math::max);
            total++;
        }
        assertThat(disordered.report.reorderedByTopic()).isEqualTo(reordered).hasSize(3);
        assertThat(disordered.report.lateByTopic()).isEqualTo(late);
        long lateTotal = late.values().stream().mapToLong(Long::longValue).sum();
        long reorderedTotal = reordered.values().stream().mapToLong(Long::longValue).sum();
        // a small share late, a large one reordered: the design shares, with room for chance
        assertThat((double) lateTotal / total).isBetween(DeliveryDisorder.LATE_SHARE / 3, DeliveryDisorder.LATE_SHARE * 2);
        assertThat((double) reorderedTotal / total).isBetween(0.1, DeliveryDisorder.DELAYED_SHARE + 0.05);
        assertThat(disordered.report.toJson()).contains("\"disorder\"").contains("\"lateByTopic\"");
        assertThat(disordered.report.summary()).contains("Disorder (bound 5s)");
    }

    @Test
    void theSameSeedDisordersTheSameWay() {
        Fleet fleet = Fleet.builtIn();
        RecordedRun again = RecordedRun.of(fleet, new ScenarioLoader(fleet).loadBuiltIn(),
                new SimulationSettings(5, RecordedRun.START, 50).withDisorder(BOUND), null, SimulationRun.UNBOUNDED,
                SPAN);
        assertThat(again.bytes()).isEqualTo(disordered.bytes());
    }
}
