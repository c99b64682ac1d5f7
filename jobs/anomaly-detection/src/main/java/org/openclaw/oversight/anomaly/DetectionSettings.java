package org.openclaw.oversight.anomaly;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.openclaw.oversight.config.AgentSettings;
import org.openclaw.oversight.config.AlertThresholds;
import org.openclaw.oversight.config.AnomalySettings;
import org.openclaw.oversight.config.OversightConfiguration;

/**
 * Everything the detectors read from the config, resolved once in {@code main}: the {@code anomaly}
 * section, the seed's {@code thresholds}, and per configured agent its policy category and alignment
 * minimum (the policy node's {@code alignment_score_minimum} after inheritance, else
 * {@code anomaly.alignment_minimum}). Agents not in the config get category {@code unknown} and the
 * default minimum: detection never depends on an agent being configured.
 */
public record DetectionSettings(AnomalySettings anomaly, AlertThresholds thresholds, Map<String, AgentProfile> agents)
        implements Serializable {

    public static final String UNKNOWN_CATEGORY = "unknown";

    /** What the detectors know about one configured agent. */
    public record AgentProfile(String category, double alignmentMinimum) implements Serializable {}

    public DetectionSettings {
        Objects.requireNonNull(anomaly, "anomaly");
        Objects.requireNonNull(thresholds, "thresholds");
        agents = Map.copyOf(agents);
    }

    public static DetectionSettings defaults() {
        return new DetectionSettings(AnomalySettings.DEFAULTS, AlertThresholds.DEFAULTS, Map.of());
    }

    public static DetectionSettings of(OversightConfiguration config) {
        AnomalySettings anomaly = config.settings().anomaly();
        Map<String, AgentProfile> agents = new HashMap<>();
        for (AgentSettings agent : config.settings().agents()) {
            double minimum = config.rulesFor(agent).alignmentScoreMinimum().orElse(anomaly.alignmentMinimum());
            agents.put(key(agent.tenant(), agent.name()), new AgentProfile(agent.category(), minimum));
        }
        return new DetectionSettings(anomaly, config.settings().thresholds(), agents);
    }

    public DetectionSettings with(AnomalySettings settings) {
        return new DetectionSettings(settings, thresholds, agents);
    }

    public DetectionSettings with(AlertThresholds settings) {
        return new DetectionSettings(anomaly, settings, agents);
    }

    public DetectionSettings withAgent(String tenantId, String agentId, String category, double alignmentMinimum) {
        Map<String, AgentProfile> more = new HashMap<>(agents);
        more.put(key(tenantId, agentId), new AgentProfile(category, alignmentMinimum));
        return new DetectionSettings(anomaly, thresholds, more);
    }

    public String category(String tenantId, String agentId) {
        AgentProfile profile = agents.get(key(tenantId, agentId));
        return profile == null ? UNKNOWN_CATEGORY : profile.category();
    }

    public double alignmentMinimum(String tenantId, String agentId) {
        AgentProfile profile = agents.get(key(tenantId, agentId));
        return profile == null ? anomaly.alignmentMinimum() : profile.alignmentMinimum();
    }

    static String key(String tenantId, String agentId) {
        return tenantId + "/" + agentId;
    }
}
