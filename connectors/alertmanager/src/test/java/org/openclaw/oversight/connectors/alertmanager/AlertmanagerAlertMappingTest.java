package org.openclaw.oversight.connectors.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.Severity;

class AlertmanagerAlertMappingTest {

    @Test
    void mapsRecordFieldsToTheDesignLabelsAndAnnotations() {
        Alert alert = TestAlerts.firing("fp-1", "LlmLatencyHigh").build();

        AlertContent c = AlertmanagerAlertMapping.toContent(alert, null);

        assertThat(c.fingerprint()).isEqualTo("fp-1");
        assertThat(c.labels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "alertname", "LlmLatencyHigh", "severity", "high", "tenant", "tenant-a", "agent", "support-bot-1",
                "category", "latency", "escalation", "L1", "source", "anomaly-detection"));
        assertThat(c.annotations()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "summary", "LLM latency P95 above 8 s",
                "description", "P95 latency of support-bot-1 is 9.2 s over the last 5 min",
                "runbook", "https://runbooks.example/latency",
                "value", "9.2", "threshold", "8", "fingerprint", "fp-1", "evidence", "evt-1,evt-2"));
        assertThat(c.isResolved()).isFalse();
        assertThat(c.startsAtMillis()).isEqualTo(alert.getStartsAt().toEpochMilli());
    }

    @Test
    void severityFollowsDesign() {
        assertThat(AlertmanagerAlertMapping.severityLabel(Severity.P1)).isEqualTo("critical");
        assertThat(AlertmanagerAlertMapping.severityLabel(Severity.P2)).isEqualTo("high");
        assertThat(AlertmanagerAlertMapping.severityLabel(Severity.P3)).isEqualTo("medium");
        assertThat(AlertmanagerAlertMapping.severityLabel(Severity.P4)).isEqualTo("low");
    }

    @Test
    void recordFieldsWinOverSameNamedLabelsAndOtherLabelsAreMadePrometheusSafe() {
        Map<String, String> labels = new HashMap<>();
        labels.put("severity", "info");
        labels.put("source", "spoofed");
        labels.put("tool.name", "search");
        labels.put("9lives", "x");
        labels.put("__reserved", "y");
        labels.put("empty", "");
        Alert alert = TestAlerts.firing("fp-2", "ToolErrors").setSeverity(Severity.P1).setLabels(labels).build();

        Map<String, String> out = AlertmanagerAlertMapping.toContent(alert, null).labels();

        assertThat(out).containsEntry("severity", "critical").containsEntry("source", "anomaly-detection")
                .containsEntry("tool_name", "search").containsEntry("_9lives", "x").containsEntry("reserved", "y")
                .doesNotContainKey("empty").doesNotContainKey("category");
        assertThat(out.keySet()).allMatch(LabelNames::isValid);
    }

    @Test
    void changingValuesNeverBecomeLabels() {
        Alert a = TestAlerts.firing("fp-3", "CostAnomaly").setValue(10.0).build();
        Alert b = TestAlerts.firing("fp-3", "CostAnomaly").setValue(99.5).setStartsAt(a.getStartsAt()).build();

        AlertContent ca = AlertmanagerAlertMapping.toContent(a, null);
        AlertContent cb = AlertmanagerAlertMapping.toContent(b, null);

        assertThat(ca.labels()).isEqualTo(cb.labels());
        assertThat(ca.annotations().get("value")).isEqualTo("10");
        assertThat(cb.annotations().get("value")).isEqualTo("99.5");
    }

    @Test
    void missingTenantAndAgentAreLeftOutNotSentEmpty() {
        Alert alert = TestAlerts.firing("fp-4", "Cascade").setTenantId(null).setAgentId(null).build();

        assertThat(AlertmanagerAlertMapping.toContent(alert, null).labels()).doesNotContainKeys("tenant", "agent");
    }

    @Test
    void blankFingerprintIsDerivedFromTheLabelsSoFiringAndResolvedStillMatch() {
        Alert firing = TestAlerts.firing("", "Unreachable").build();
        Alert resolved = TestAlerts.firing("", "Unreachable").setEndsAt(Instant.now()).build();
        Alert other = TestAlerts.firing("", "Unreachable").setAgentId("another").build();

        String f1 = AlertmanagerAlertMapping.toContent(firing, null).fingerprint();

        assertThat(f1).startsWith("labels-").hasSize("labels-".length() + 16);
        assertThat(AlertmanagerAlertMapping.toContent(resolved, null).fingerprint()).isEqualTo(f1);
        assertThat(AlertmanagerAlertMapping.toContent(other, null).fingerprint()).isNotEqualTo(f1);
    }

    @Test
    void evidenceIsCappedSoRequestsStaySmall() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add("e" + i);
        }
        Alert alert = TestAlerts.firing("fp-5", "PiiLeak").setEvidence(ids).build();

        String evidence = AlertmanagerAlertMapping.toContent(alert, null).annotations().get("evidence");

        assertThat(evidence).startsWith("e0,e1,").contains("e19").doesNotContain("e20,").endsWith("(50 in total)");
    }

    @Test
    void firingAlertGetsEndsAtNowPlusFourMinutesResolvedKeepsItsOwn() {
        long now = 1_700_000_000_000L;
        Alert firing = TestAlerts.firing("fp-6", "A").setStartsAt(Instant.ofEpochMilli(now - 60_000)).build();
        Alert resolved = TestAlerts.firing("fp-6", "A").setStartsAt(Instant.ofEpochMilli(now - 60_000))
                .setEndsAt(Instant.ofEpochMilli(now - 1_000)).build();

        PostableAlert pf = AlertmanagerAlertMapping.toContent(firing, null).toPostable(now, 240_000);
        PostableAlert pr = AlertmanagerAlertMapping.toContent(resolved, null).toPostable(now, 240_000);

        assertThat(pf.endsAt()).isEqualTo(Instant.ofEpochMilli(now + 240_000));
        assertThat(pr.endsAt()).isEqualTo(Instant.ofEpochMilli(now - 1_000));
        assertThat(pf.startsAt()).isEqualTo(Instant.ofEpochMilli(now - 60_000));
    }

    @Test
    void endsAtIsNeverBeforeStartsAtWhichAlertmanagerWouldReject() {
        long now = 1_700_000_000_000L;
        Alert skewed = TestAlerts.firing("fp-7", "A").setStartsAt(Instant.ofEpochMilli(now + 600_000))
                .setEndsAt(Instant.ofEpochMilli(now)).build();

        PostableAlert p = AlertmanagerAlertMapping.toContent(skewed, null).toPostable(now, 240_000);

        assertThat(p.endsAt()).isEqualTo(p.startsAt());
    }

    @Test
    void jsonIsTheApiV2PostableAlertArrayWithRfc3339Times() throws Exception {
        long now = Instant.parse("2025-03-01T10:15:30.123Z").toEpochMilli();
        Alert alert = TestAlerts.firing("fp-8", "A").setStartsAt(Instant.parse("2025-03-01T10:00:00Z")).build();
        PostableAlert p = AlertmanagerAlertMapping.toContent(alert, "http://127.0.0.1:8082/#/jobs").toPostable(now, 240_000);

        JsonNode json = new ObjectMapper().readTree(PostableAlertJson.toJsonArray(List.of(p)));

        assertThat(json.isArray()).isTrue();
        JsonNode a = json.get(0);
        assertThat(a.get("labels").get("alertname").asText()).isEqualTo("A");
        assertThat(a.get("annotations").get("summary").asText()).isEqualTo("LLM latency P95 above 8 s");
        assertThat(a.get("startsAt").asText()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(a.get("endsAt").asText()).isEqualTo("2025-03-01T10:19:30.123Z");
        assertThat(a.get("generatorURL").asText()).isEqualTo("http://127.0.0.1:8082/#/jobs");
    }

    @Test
    void generatorUrlIsLeftOutWhenNotConfigured() throws Exception {
        PostableAlert p = AlertmanagerAlertMapping.toContent(TestAlerts.firing("fp-9", "A").build(), null)
                .toPostable(System.currentTimeMillis(), 240_000);

        JsonNode a = new ObjectMapper().readTree(PostableAlertJson.toJsonArray(List.of(p))).get(0);

        assertThat(a.has("generatorURL")).isFalse();
    }

    @Test
    void numbersArePlainDecimals() {
        assertThat(AlertmanagerAlertMapping.formatNumber(0.9950)).isEqualTo("0.995");
        assertThat(AlertmanagerAlertMapping.formatNumber(12.0)).isEqualTo("12");
        assertThat(AlertmanagerAlertMapping.formatNumber(1.0E7)).isEqualTo("10000000");
        assertThat(AlertmanagerAlertMapping.formatNumber(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void labelNameRules() {
        assertThat(LabelNames.isValid("alertname")).isTrue();
        assertThat(LabelNames.isValid("_x1")).isTrue();
        assertThat(LabelNames.isValid("1x")).isFalse();
        assertThat(LabelNames.isValid("a-b")).isFalse();
        assertThat(LabelNames.isValid("__name__")).isFalse();
        assertThat(LabelNames.sanitize("a-b.c")).isEqualTo("a_b_c");
        assertThat(LabelNames.sanitize("___")).isNull();
        assertThat(LabelNames.sanitize("ü")).isNull();
        assertThat(LabelNames.sanitize("größe")).isEqualTo("gr__e");
    }

    @Test
    void alertWithoutStartsAtIsRefusedWithAMessageThatNamesItButNoLabelValues() {
        Alert alert = TestAlerts.firing("fp-10", "NoStart").build();
        alert.put("startsAt", null);

        assertThatThrownBy(() -> AlertmanagerAlertMapping.toContent(alert, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NoStart").hasMessageContaining("fp-10").hasMessageNotContaining("tenant-a");
    }
}
