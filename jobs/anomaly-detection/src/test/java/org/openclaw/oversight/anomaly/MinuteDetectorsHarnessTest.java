package org.openclaw.oversight.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openclaw.oversight.anomaly.TestData.MIN;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.AgentMetrics;
import org.openclaw.oversight.schema.Alert;

/**
 * Detector 2 and the minute half of 6: the baseline detector's judgements, and the CEP patterns on
 * them — positive, negative, restore from a snapshot in the middle of a pattern, state draining.
 */
class MinuteDetectorsHarnessTest {

    private final Random random = new Random(11);

    @Test
    void noisyNormalMinutesRaiseNoAlert() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, AgentMetrics, MinuteJudgement> detector = detector();
        for (int m = 0; m < 600; m++) {
            detector.processElement(new StreamRecord<>(normalMinute("a", m), m * MIN + MIN - 1));
        }
        List<MinuteJudgement> judged = detector.extractOutputValues();
        assertThat(judged).isNotEmpty();
        // single minutes beyond 3σ happen (~0.1 % per metric, recorded in the anomalies table), three within five do not
        assertThat(judged.stream().filter(j -> j.anomalous).count()).isLessThan(judged.size() / 100);
        KeyedOneInputStreamOperatorTestHarness<String, MinuteJudgement, Alert> cep = minutesPattern(DetectionSettings.defaults(), null);
        for (MinuteJudgement j : judged) {
            if (j.anomalous && j.metric != MinuteMetric.ALIGNMENT_MINIMUM) {
                cep.processElement(new StreamRecord<>(j, j.bucket + MIN - 1));
            }
        }
        cep.processWatermark(Long.MAX_VALUE);
        assertThat(cep.extractOutputValues()).isEmpty();
        cep.close();
        assertThat(judged).extracting(j -> j.metric).contains(MinuteMetric.COST, MinuteMetric.TOKENS, MinuteMetric.LATENCY_P95,
                MinuteMetric.ERROR_RATE, MinuteMetric.ALIGNMENT, MinuteMetric.ALIGNMENT_MINIMUM);
        // N = 60 minutes of history per agent, no more
        assertThat(detector.numKeyedStateEntries()).isLessThanOrEqualTo(61);
        detector.close();
    }

    @Test
    void heavyTailedLatencyMinutesAreRarelyAnomalousYetASixfoldRiseIsEveryMinuteAndAnEarlierIncidentHidesNoLaterOne()
            throws Exception {
        // the p95 of a minute is an order statistic of log-normal span durations: a heavy right tail. As measured on
        // the simulator's normal traffic, about one minute in six has a p95 1.3-2.5 times the median, so median +
        // 3σ(MAD) alone is passed by ~15 % of minutes and three in five would happen every hour
        KeyedOneInputStreamOperatorTestHarness<String, AgentMetrics, MinuteJudgement> detector = detector();
        for (int m = 0; m < 600; m++) {
            AgentMetrics minute = normalMinute("a", m);
            double slow = random.nextDouble() < 1.0 / 6 ? 0.3 + 0.6 * random.nextDouble() : 0;
            minute.setLatencyP95Ms(6000 * Math.exp(0.05 * random.nextGaussian() + slow));
            detector.processElement(new StreamRecord<>(minute, m * MIN + MIN - 1));
        }
        List<MinuteJudgement> latency = detector.extractOutputValues().stream().filter(j -> j.metric == MinuteMetric.LATENCY_P95).toList();
        long anomalous = latency.stream().filter(j -> j.anomalous).count();
        long beyondSigma = latency.stream().filter(j -> j.value > j.mean + 3 * j.sigma).count();
        assertThat(beyondSigma).as("the tail is heavy: beyond median + 3σ(MAD)").isGreaterThan(latency.size() / 10);
        // for exchangeable minutes, beyond all of the last n is a chance of 1/(n+1) (1.6 % for 60)
        assertThat(anomalous).as("beyond 3σ and beyond every minute of the last hour").isLessThan(latency.size() / 30);
        KeyedOneInputStreamOperatorTestHarness<String, MinuteJudgement, Alert> cep = minutesPattern(DetectionSettings.defaults(), null);
        for (MinuteJudgement j : latency) {
            if (j.anomalous) {
                cep.processElement(new StreamRecord<>(j, j.bucket + MIN - 1));
            }
        }
        cep.processWatermark(Long.MAX_VALUE);
        assertThat(cep.extractOutputValues()).as("no three anomalous minutes within five").isEmpty();
        cep.close();

        // two incidents of 4 minutes, 20 minutes apart: each of their minutes is anomalous
        for (int incident = 0; incident < 2; incident++) {
            int first = 600 + incident * 24;
            for (int m = first; m < first + 24; m++) {
                AgentMetrics minute = normalMinute("a", m);
                minute.setLatencyP95Ms(6000.0 * (m < first + 4 ? 6 : 1));
                detector.processElement(new StreamRecord<>(minute, m * MIN + MIN - 1));
            }
        }
        List<MinuteJudgement> after = detector.extractOutputValues().stream().filter(j -> j.metric == MinuteMetric.LATENCY_P95)
                .skip(latency.size()).toList();
        assertThat(after.stream().filter(j -> j.anomalous).map(j -> (int) (j.bucket / MIN)).toList())
                .containsExactly(600, 601, 602, 603, 624, 625, 626, 627);
        detector.close();
    }

    @Test
    void aCostSpikeIsAnomalousOnlyOnCostAndOnlyTheFirstEmissionIsJudged() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, AgentMetrics, MinuteJudgement> detector = detector();
        for (int m = 0; m < 30; m++) {
            detector.processElement(new StreamRecord<>(normalMinute("a", m), m * MIN + MIN - 1));
        }
        detector.extractOutputValues().clear();
        AgentMetrics spike = normalMinute("a", 30);
        spike.setCostEur(spike.getCostEur() * 6);
        detector.processElement(new StreamRecord<>(spike, 31 * MIN - 1));
        assertThat(detector.extractOutputValues()).filteredOn(j -> j.anomalous).singleElement()
                .satisfies(j -> assertThat(j.metric).isEqualTo(MinuteMetric.COST));
        AgentMetrics correction = AgentMetrics.newBuilder(spike).setRevision(1).build();
        int before = detector.extractOutputValues().size();
        detector.processElement(new StreamRecord<>(correction, 31 * MIN - 1));
        assertThat(detector.extractOutputValues()).hasSize(before);
        detector.close();
    }

    @Test
    void threeAnomalousMinutesWithinFiveRaiseTheAlertTwoDoNot() throws Exception {
        DetectionSettings settings = DetectionSettings.defaults();
        KeyedOneInputStreamOperatorTestHarness<String, MinuteJudgement, Alert> cep = minutesPattern(settings, null);
        feed(cep, anomalous(MinuteMetric.COST, 10), anomalous(MinuteMetric.COST, 11));
        cep.processWatermark(15 * MIN);
        assertThat(cep.extractOutputValues()).isEmpty();
        // two more, but the first is too far away from them: 11, 15 and 16 fit in 5 minutes only without 10
        feed(cep, anomalous(MinuteMetric.COST, 15), anomalous(MinuteMetric.COST, 16), anomalous(MinuteMetric.COST, 17));
        cep.processWatermark(30 * MIN);
        assertThat(cep.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.getAlertname()).isEqualTo("CostAnomaly");
            assertThat(a.getStartsAt().toEpochMilli()).isEqualTo(15 * MIN);
            assertThat(a.getLabels()).containsEntry("metric", "cost_eur");
            assertThat(a.getEvidence()).hasSize(3);
        });
        cep.processWatermark(60 * MIN);
        assertThat(cep.numKeyedStateEntries()).as("partial matches expire with within()").isZero();
        cep.close();
    }

    @Test
    void aSnapshotInTheMiddleOfThePatternKeepsItsProgress() throws Exception {
        DetectionSettings settings = DetectionSettings.defaults();
        KeyedOneInputStreamOperatorTestHarness<String, MinuteJudgement, Alert> first = minutesPattern(settings, null);
        feed(first, anomalous(MinuteMetric.ERROR_RATE, 10), anomalous(MinuteMetric.ERROR_RATE, 11));
        first.processWatermark(11 * MIN + MIN - 1);
        OperatorSubtaskState snapshot = first.snapshot(1, 0);
        first.close();

        KeyedOneInputStreamOperatorTestHarness<String, MinuteJudgement, Alert> restored = minutesPattern(settings, snapshot);
        feed(restored, anomalous(MinuteMetric.ERROR_RATE, 12));
        restored.processWatermark(13 * MIN);
        assertThat(restored.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.getAlertname()).isEqualTo("ErrorRateAnomaly");
            assertThat(a.getStartsAt().toEpochMilli()).isEqualTo(10 * MIN);
        });
        // a fourth minute does not raise it again (skip past the last event)
        feed(restored, anomalous(MinuteMetric.ERROR_RATE, 13));
        restored.processWatermark(14 * MIN);
        assertThat(restored.extractOutputValues()).hasSize(1);
        restored.close();
    }

    @Test
    void alignmentBelowThePolicyMinimumInThreeConsecutiveJudgedMinutes() throws Exception {
        DetectionSettings settings = DetectionSettings.defaults().withAgent("t", "a", "high_risk", 0.85);
        AlignmentBelowMinimumPattern pattern = new AlignmentBelowMinimumPattern(settings);
        KeyedOneInputStreamOperatorTestHarness<String, MinuteJudgement, Alert> cep = PatternHarness.open(pattern,
                MinuteJudgement::patternKey, TypeInformation.of(MinuteJudgement.class), null);
        // below, below, fine, below, below: never three in a row
        feed(cep, minimum(10, 0.80), minimum(11, 0.70), minimum(12, 0.90), minimum(13, 0.80), minimum(14, 0.80));
        cep.processWatermark(16 * MIN);
        assertThat(cep.extractOutputValues()).isEmpty();
        feed(cep, minimum(16, 0.60));
        cep.processWatermark(18 * MIN);
        assertThat(cep.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.getAlertname()).isEqualTo("AlignmentDrop");
            assertThat(a.getSeverity().name()).isEqualTo("P2");
            assertThat(a.getThreshold()).isEqualTo(0.85);
            assertThat(a.getStartsAt().toEpochMilli()).isEqualTo(13 * MIN);
        });
        cep.close();
    }

    @Test
    void theDetectorReadsThePolicyMinimumOfTheAgent() throws Exception {
        DetectionSettings settings = DetectionSettings.defaults().withAgent("t", "strict", "high_risk", 0.9);
        KeyedOneInputStreamOperatorTestHarness<String, AgentMetrics, MinuteJudgement> detector = detector(settings);
        detector.processElement(new StreamRecord<>(TestData.minute("t", "strict", null, 0, 20, 0, 0.1, 20_000, 1000.0, 0.88), MIN - 1));
        detector.processElement(new StreamRecord<>(TestData.minute("t", "other", null, 0, 20, 0, 0.1, 20_000, 1000.0, 0.88), MIN - 1));
        assertThat(detector.extractOutputValues()).filteredOn(j -> j.metric == MinuteMetric.ALIGNMENT_MINIMUM)
                .extracting(j -> j.agentId + ":" + j.anomalous).containsExactlyInAnyOrder("strict:true", "other:false");
        detector.close();
    }

    // ------------------------------------------------------------------ plumbing

    private KeyedOneInputStreamOperatorTestHarness<String, AgentMetrics, MinuteJudgement> detector() throws Exception {
        return detector(DetectionSettings.defaults());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, AgentMetrics, MinuteJudgement> detector(DetectionSettings settings)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, AgentMetrics, MinuteJudgement> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new MinuteBaselineDetector(settings, null)),
                r -> DetectionSettings.key(r.getTenantId(), r.getAgentId()), Types.STRING);
        h.open();
        return h;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, MinuteJudgement, Alert> minutesPattern(DetectionSettings settings,
            OperatorSubtaskState restore) throws Exception {
        return PatternHarness.open(new AnomalousMinutesPattern(settings), MinuteJudgement::patternKey,
                TypeInformation.of(MinuteJudgement.class), restore);
    }

    /** An agent's ordinary minute: Poisson-ish requests around 30, cost and tokens with them, a few errors, noisy latency and alignment. */
    private AgentMetrics normalMinute(String agent, int m) {
        long requests = Math.max(5, Math.round(30 + 6 * random.nextGaussian()));
        long errors = Math.round(Math.max(0, requests * 0.02 + random.nextGaussian()));
        long tokens = Math.round(requests * 1300 * Math.exp(0.1 * random.nextGaussian()));
        double cost = tokens * 3e-6;
        double p95 = 2500 * Math.exp(0.1 * random.nextGaussian());
        double alignment = Math.min(1, 0.93 + 0.01 * random.nextGaussian());
        return TestData.minute("t", agent, null, m * MIN, requests, Math.min(errors, requests), cost, tokens, p95, alignment);
    }

    private static MinuteJudgement anomalous(MinuteMetric metric, int minute) {
        MinuteJudgement j = new MinuteJudgement();
        j.tenantId = "t";
        j.agentId = "a";
        j.metric = metric;
        j.bucket = minute * MIN;
        j.value = 10;
        j.mean = 1;
        j.sigma = 1;
        j.threshold = 4;
        j.anomalous = true;
        return j;
    }

    private static MinuteJudgement minimum(int minute, double alignment) {
        MinuteJudgement j = anomalous(MinuteMetric.ALIGNMENT_MINIMUM, minute);
        j.value = alignment;
        j.mean = 0.85;
        j.threshold = 0.85;
        j.sigma = 0;
        j.anomalous = alignment < 0.85;
        return j;
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, MinuteJudgement, Alert> h, MinuteJudgement... judgements)
            throws Exception {
        List<MinuteJudgement> list = new ArrayList<>(List.of(judgements));
        for (MinuteJudgement j : list) {
            h.processElement(new StreamRecord<>(j, j.bucket + MIN - 1));
        }
    }
}
