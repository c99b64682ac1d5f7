package org.openclaw.oversight.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code incidents} section of oversight.yml: defaults, levels, per-tenant dry run, errors with file, line and key. */
class IncidentSettingsTest {

    private static final String TENANTS = "tenants:\n  - id: acme\n    name: ACME\n    daily_budget_eur: 10\n"
            + "  - id: globex\n    name: Globex\n    daily_budget_eur: 10\n"
            + "agents:\n  - name: bot\n    tenant: acme\n    sdk: python\n    category: internal\n    owner: team-a\n"
            + "    daily_budget_eur: 5\n";

    @Test
    void leftOutTheSeedApplies() {
        IncidentSettings s = OversightSettings.parse(TENANTS, "oversight.yml").incidents();
        assertThat(s).isEqualTo(IncidentSettings.DEFAULTS);
        assertThat(s.level(Duration.ofMinutes(4))).isEqualTo(1);
        assertThat(s.level(Duration.ofMinutes(5))).isEqualTo(2);
        assertThat(s.level(Duration.ofMinutes(29))).isEqualTo(3);
        assertThat(s.level(Duration.ofHours(2))).isEqualTo(4);
        assertThat(s.dryRun("acme")).isFalse();
    }

    @Test
    void durationsAndPerTenantDryRunAreRead() {
        IncidentSettings s = OversightSettings.parse(TENANTS + "incidents:\n  escalation:\n    l2_after: 10s\n    l3_after: 20s\n"
                + "    l4_after: 30s\n  health_check_timeout: 15s\n  rate_limit_requests_per_minute: 3\n  dry_run: true\n"
                + "  tenants:\n    acme: {dry_run: false}\n", "oversight.yml").incidents();
        assertThat(s.levelStartsAfter(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.levelStartsAfter(4)).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.healthCheckTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.rateLimitRequestsPerMinute()).isEqualTo(3);
        assertThat(s.dryRun("acme")).isFalse();
        assertThat(s.dryRun("globex")).isTrue();
    }

    @Test
    void levelsOutOfOrderUnknownTenantsAndKeysAreNamed() {
        assertThatThrownBy(() -> OversightSettings.parse(TENANTS + "incidents:\n  escalation:\n    l2_after: 20m\n"
                + "  tenants:\n    initech: {dry_run: true}\n  dryrun: true\n", "oversight.yml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("incidents.escalation")
                .hasMessageContaining("l2_after must be shorter than l3_after")
                .hasMessageContaining("unknown tenant 'initech'")
                .hasMessageContaining("incidents.dryrun");
    }
}
