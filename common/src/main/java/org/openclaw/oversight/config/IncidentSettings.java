package org.openclaw.oversight.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The {@code incidents} section of oversight.yml: how incident-response escalates, checks health after a
 * restart, correlates alerts, rate-limits, and which tenants run their runbooks dry.
 *
 * @param level2After            un-acknowledged this long: escalation L2, engineering lead (seed: 5 min)
 * @param level3After            ... L3, CTO / VP engineering (seed: 15 min)
 * @param level4After            ... L4, incident commander + legal (seed: 30 min)
 * @param healthCheckTimeout     after an automatic RESTART, how long to wait for a heartbeat before ROLLBACK
 * @param correlationWindow      a CascadingFailure takes in the tenant's per-agent error alerts starting this close to it
 * @param rateLimitRequestsPerMinute the {@code requestsPerMinute} of a RATE_LIMIT command
 * @param dryRun                 default for every tenant: record runbook actions, send none
 * @param dryRunByTenant         per-tenant override of {@code dryRun}
 */
public record IncidentSettings(Duration level2After, Duration level3After, Duration level4After, Duration healthCheckTimeout,
                               Duration correlationWindow, long rateLimitRequestsPerMinute, boolean dryRun,
                               Map<String, Boolean> dryRunByTenant) implements Serializable {

    public static final IncidentSettings DEFAULTS = new IncidentSettings(Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofMinutes(30), Duration.ofMinutes(2), Duration.ofMinutes(5), 10, false, Map.of());

    public IncidentSettings {
        dryRunByTenant = Map.copyOf(dryRunByTenant);
        if (level2After.compareTo(level3After) >= 0 || level3After.compareTo(level4After) >= 0) {
            throw new IllegalArgumentException("escalation levels must come one after another: l2_after < l3_after < l4_after");
        }
    }

    /** True when runbook actions for {@code tenantId} are recorded but not sent. */
    public boolean dryRun(String tenantId) {
        return dryRunByTenant.getOrDefault(tenantId == null ? "" : tenantId, dryRun);
    }

    /** The level (1..4) of an incident un-acknowledged for {@code unacknowledged}. */
    public int level(Duration unacknowledged) {
        if (unacknowledged.compareTo(level4After) >= 0) {
            return 4;
        }
        if (unacknowledged.compareTo(level3After) >= 0) {
            return 3;
        }
        return unacknowledged.compareTo(level2After) >= 0 ? 2 : 1;
    }

    /** How long after opening an incident reaches {@code level} (2..4); level 1 is at once. */
    public Duration levelStartsAfter(int level) {
        return switch (level) {
            case 1 -> Duration.ZERO;
            case 2 -> level2After;
            case 3 -> level3After;
            case 4 -> level4After;
            default -> throw new IllegalArgumentException("escalation level " + level + " (1..4)");
        };
    }

    static IncidentSettings read(ConfigMapping section, Set<String> tenantIds) {
        IncidentSettings d = DEFAULTS;
        Duration l2 = d.level2After;
        Duration l3 = d.level3After;
        Duration l4 = d.level4After;
        var escalation = section.get("escalation").flatMap(ConfigNode::mapping);
        if (escalation.isPresent()) {
            ConfigMapping e = escalation.get();
            l2 = e.valueOr("l2_after", ConfigNode::duration, l2);
            l3 = e.valueOr("l3_after", ConfigNode::duration, l3);
            l4 = e.valueOr("l4_after", ConfigNode::duration, l4);
            if (l2.compareTo(l3) >= 0) {
                e.get("l3_after").or(() -> e.get("l2_after")).ifPresent(node -> node.error("l2_after must be shorter than l3_after"));
                l2 = d.level2After;
                l3 = d.level3After;
            }
            if (l3.compareTo(l4) >= 0) {
                e.get("l4_after").or(() -> e.get("l3_after")).ifPresent(node -> node.error("l3_after must be shorter than l4_after"));
                l3 = d.level3After;
                l4 = d.level4After;
                if (l2.compareTo(l3) >= 0) {
                    l2 = d.level2After;
                }
            }
            e.rejectUnknownKeys();
        }
        Duration health = section.valueOr("health_check_timeout", ConfigNode::duration, d.healthCheckTimeout);
        Duration correlation = section.valueOr("correlation_window", ConfigNode::duration, d.correlationWindow);
        long rate = section.valueOr("rate_limit_requests_per_minute", node -> node.wholeNumber(1, 1_000_000), d.rateLimitRequestsPerMinute);
        boolean dryRun = section.valueOr("dry_run", ConfigNode::bool, d.dryRun);
        Map<String, Boolean> perTenant = new java.util.LinkedHashMap<>();
        section.get("tenants").flatMap(ConfigNode::mapping).ifPresent(tenants -> {
            for (ConfigNode tenant : tenants.entries()) {
                String id = tenant.key();
                if (!tenantIds.contains(id)) {
                    tenant.error("unknown tenant '" + id + "'" + NameSuggestion.knownNames(id, tenantIds));
                    continue;
                }
                tenant.mapping().ifPresent(settings -> {
                    settings.value("dry_run", ConfigNode::bool).ifPresent(value -> perTenant.put(id, value));
                    settings.rejectUnknownKeys();
                });
            }
        });
        section.rejectUnknownKeys();
        if (l2.compareTo(l3) >= 0 || l3.compareTo(l4) >= 0) {
            return DEFAULTS; // already reported above
        }
        return new IncidentSettings(l2, l3, l4, health, correlation, rate, dryRun, perTenant);
    }
}
