package org.openclaw.oversight.platform.policy;

import java.io.PrintWriter;
import java.util.List;
import org.openclaw.oversight.config.AgentSettings;
import org.openclaw.oversight.config.ConfigError;
import org.openclaw.oversight.config.DurationSyntax;
import org.openclaw.oversight.config.OversightSettings;
import org.openclaw.oversight.policy.AuditTrailRetention;
import org.openclaw.oversight.policy.EffectiveRules;
import org.openclaw.oversight.policy.PolicyHierarchy;
import org.openclaw.oversight.policy.RuleSetting;

/** What {@code policy check} and {@code policy push} print: every agent's resolved rules, and the problems. */
final class PolicyReport {

    private PolicyReport() {}

    static void resolvedRules(PrintWriter out, OversightSettings settings, PolicyHierarchy policies) {
        out.println("policy version " + policies.version() + " (sha256 " + policies.contentHash() + ")");
        for (AgentSettings agent : settings.agents()) {
            String node = policies.nodeFor(agent.name(), agent.category());
            EffectiveRules rules = policies.effectiveRules(node);
            out.println();
            out.println(agent.name() + " (tenant " + agent.tenant() + "): node " + node + ", lineage " + String.join(" -> ", rules.lineage())
                    + (node.equals(agent.category()) ? "" : "  [category '" + agent.category() + "' is not in this document]"));
            for (RuleSetting setting : rules.rules().values()) {
                out.printf("  %-30s %-8s from %s (line %d)%s%n", setting.rule().configName(), text(setting.value()), setting.definedIn(),
                        setting.line(), setting.active() ? "" : "  [switched off]");
            }
        }
    }

    static int problems(PrintWriter out, List<ConfigError> warnings, List<AuditTrailRetention.Extension> extensions) {
        out.println();
        if (warnings.isEmpty() && extensions.isEmpty()) {
            out.println("no problems found");
            return 0;
        }
        out.println("problems:");
        warnings.forEach(w -> out.println("  WARNING " + w));
        for (AuditTrailRetention.Extension e : extensions) {
            out.println("  CONTRADICTION " + e.agentId() + ": audit_trail_retention " + DurationSyntax.format(e.keepFor()) + " ("
                    + e.keepFor().toDays() + "d, node " + e.definedIn() + ") > storage.retention.compliance_logs "
                    + e.complianceLogs().toDays() + "d; resolved: its compliance rows are kept " + e.keepFor().toDays()
                    + "d (oversight.compliance_retention, written by `policy check --apply`, `policy push` and `migrate`)");
        }
        return warnings.size() + extensions.size();
    }

    private static String text(Object value) {
        return value instanceof java.time.Duration d ? DurationSyntax.format(d) : String.valueOf(value);
    }
}
