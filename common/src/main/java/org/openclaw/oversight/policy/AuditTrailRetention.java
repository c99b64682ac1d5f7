package org.openclaw.oversight.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openclaw.oversight.config.AgentSettings;
import org.openclaw.oversight.config.OversightSettings;

/**
 * The contradiction the seed's own files contain: {@code audit_trail_retention} of a policy node (5y for high-risk
 * agents) longer than {@code storage.retention.compliance_logs} (1095 d). The platform resolves it in favour of the
 * longer period: the compliance rows of the agents that node governs are kept for it
 * ({@code oversight.compliance_retention}, honoured by {@code oversight.apply_retention()}).
 */
public final class AuditTrailRetention {

    /** An agent whose compliance rows are kept longer than compliance_logs, and why. */
    public record Extension(String agentId, String node, String definedIn, Duration keepFor, Duration complianceLogs) {}

    private AuditTrailRetention() {}

    /** The agents of oversight.yml whose node requires more audit trail than compliance_logs keeps. */
    public static List<Extension> extensions(OversightSettings settings, PolicyHierarchy policies) {
        Duration compliance = settings.storage().retention().complianceLogs();
        List<Extension> extensions = new ArrayList<>();
        for (AgentSettings agent : settings.agents()) {
            String node = policies.nodeFor(agent.name(), agent.category());
            EffectiveRules rules = policies.effectiveRules(node);
            rules.setting(RuleKind.AUDIT_TRAIL_RETENTION)
                    .filter(setting -> setting.duration().compareTo(compliance) > 0)
                    .ifPresent(setting -> extensions.add(new Extension(agent.name(), node, setting.definedIn(), setting.duration(),
                            compliance)));
        }
        return extensions;
    }

    /** agentId -> days to keep, for the table. */
    public static Map<String, Long> days(List<Extension> extensions) {
        Map<String, Long> days = new java.util.LinkedHashMap<>();
        extensions.forEach(e -> days.put(e.agentId(), e.keepFor().toDays()));
        return days;
    }
}
