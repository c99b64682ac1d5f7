package org.openclaw.oversight.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.Severity;

/** Detector 1 on its own: silent on noisy normal traffic, fires on outliers as documented, resolves, drains. */
class TokenAnomalyDetectorHarnessTest {

    private KeyedOneInputStreamOperatorTestHarness<String, LlmCall, Alert> harness;
    private final Random random = new Random(7);
    private long time;
    private int ids;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new TokenAnomalyDetector(DetectionSettings.defaults())), c -> c.tenantId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void twentyThousandLogNormalCallsRaiseNothing() throws Exception {
        // the simulator's shape: input ~ lognormal(median 1200, σ 0.5), output ~ lognormal(120, 0.6), three agents
        for (int i = 0; i < 20_000; i++) {
            normal("agent-" + (i % 3));
        }
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void anExtremeCallFiresAtOnceAndResolvesAfterQuietThenStateDrains() throws Exception {
        warmUp();
        call("agent-a", 1320 * 40, false);
        List<Alert> out = harness.extractOutputValues();
        assertThat(out).singleElement().satisfies(a -> {
            assertThat(a.getAlertname()).isEqualTo("TokenAnomaly");
            assertThat(a.getSeverity()).isEqualTo(Severity.P3);
            assertThat(a.getEndsAt()).isNull();
            assertThat(a.getFingerprint()).isEqualTo(AlertType.TOKEN_ANOMALY.fingerprint(Map.of("tenant", "t", "agent", "agent-a")));
            assertThat(a.getEvidence()).containsExactly("e" + (ids - 1));
            assertThat(a.getValue()).isEqualTo(1320.0 * 40);
            assertThat(a.getThreshold()).isBetween(1500.0, 10_000.0);
            assertThat(a.getLabels()).containsEntry("severity", "medium").containsEntry("tenant", "t").containsEntry("agent", "agent-a")
                    .containsEntry("source", "anomaly-detection").containsKey("category");
        });
        harness.processWatermark(time + DetectionSettings.defaults().anomaly().tokenResolveAfter().toMillis());
        List<Alert> after = harness.extractOutputValues();
        assertThat(after).hasSize(2);
        assertThat(after.get(1).getEndsAt()).isNotNull();
        assertThat(after.get(1).getFingerprint()).isEqualTo(after.get(0).getFingerprint());
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).as("only the tenant's statistics and its agents' last calls (both with TTL)")
                .isEqualTo(2);
    }

    @Test
    void scatteredModerateOutliersRaiseNothingAndStayOutOfTheBaseline() throws Exception {
        warmUp();
        for (int i = 0; i < 20; i++) {
            call("agent-a", 1320 * 5, false);   // beyond 3σ on the log scale, below 6σ ...
            for (int j = 0; j < 5; j++) {
                normal("agent-a");              // ... but one in six of the agent's calls: no surge
            }
        }
        assertThat(harness.extractOutputValues()).isEmpty();
        call("agent-a", 1320 * 40, false);    // still judged against the normal baseline
        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void aSurgeOfModerateCallsOfOneAgentFiresOnTheFourthOfEightAndOnlyForThatAgent() throws Exception {
        warmUp();
        call("agent-a", 1320 * 5, false);
        normal("agent-a");
        call("agent-a", 1320 * 5, false);
        normal("agent-b");
        call("agent-b", 1320 * 5, false);      // another agent's outlier counts for that agent only
        call("agent-a", 1320 * 5, false);
        normal("agent-a");
        assertThat(harness.extractOutputValues()).as("3 of the agent's last 8").isEmpty();
        call("agent-a", 1320 * 5, false);
        assertThat(harness.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.getAlertname()).isEqualTo("TokenAnomaly");
            assertThat(a.getAgentId()).isEqualTo("agent-a");
            assertThat(a.getSeverity()).isEqualTo(Severity.P3);
            assertThat(a.getEvidence()).containsExactly("e" + (ids - 1));
        });
    }

    @Test
    void aModerateOutlierSuspectedOfInjectionIsP2AtOnce() throws Exception {
        warmUp();
        call("agent-a", 1320 * 5, true);
        assertThat(harness.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.getSeverity()).isEqualTo(Severity.P2);
            assertThat(a.getLabels()).containsEntry("severity", "high");
        });
    }

    @Test
    void nothingIsJudgedBeforeTheMinimumHistory() throws Exception {
        for (int i = 0; i < 10; i++) {
            normal("agent-a");
        }
        call("agent-a", 1320 * 100, false);
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void aSurgeThatIsMostOfTheTenantsCallsDoesNotTeachTheBaselineAwayFromItself() throws Exception {
        // a runaway loop: one agent makes 40 % of the tenant's calls, each ~2.3σ above the usual (most within k alone)
        warmUp();
        for (int i = 0; i < 400; i++) {
            if (i % 5 < 2) {
                call("agent-a", Math.round(normalTokens() * 4), false);
            } else {
                normal("agent-" + (i % 3));
            }
        }
        assertThat(harness.extractOutputValues()).filteredOn(a -> a.getEndsAt() == null)
                .extracting(Alert::getAgentId).containsOnly("agent-a").isNotEmpty();
    }

    private void warmUp() throws Exception {
        for (int i = 0; i < 500; i++) {
            normal("agent-" + (i % 3));
        }
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    private void normal(String agent) throws Exception {
        call(agent, normalTokens(), false);
    }

    private long normalTokens() {
        long input = Math.round(Math.min(12_000, Math.max(150, 1200 * Math.exp(0.5 * random.nextGaussian()))));
        long output = Math.round(Math.min(4_000, Math.max(20, 120 * Math.exp(0.6 * random.nextGaussian()))));
        return input + output;
    }

    private void call(String agent, long tokens, boolean injection) throws Exception {
        time += 100;
        LlmCall c = LlmCall.of(TestData.llmCall("e" + ids++, "t", agent, time, tokens, injection));
        harness.processElement(new StreamRecord<>(c, time));
    }
}
