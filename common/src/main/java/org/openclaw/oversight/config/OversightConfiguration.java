package org.openclaw.oversight.config;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.openclaw.oversight.policy.EffectiveRules;
import org.openclaw.oversight.policy.PolicyHierarchy;
import org.openclaw.oversight.policy.RuleKind;
import org.openclaw.oversight.pricing.PriceTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All three config files, loaded and checked together: oversight.yml, policies.yml and pricing.yml from
 * one directory. Each file is validated on its own, then across files (every agent's category is a node
 * of the policy hierarchy). Errors of all files are reported in one {@link ConfigException}.
 *
 * <p>Warnings are things that are allowed but probably not meant, such as agents' budgets adding up to
 * more than their tenant's; they are logged and kept in {@link #warnings()}.
 *
 * @param settings oversight.yml
 * @param policies policies.yml
 * @param prices   pricing.yml
 * @param warnings findings that do not stop the platform
 */
public record OversightConfiguration(OversightSettings settings, PolicyHierarchy policies, PriceTable prices,
                                     List<ConfigError> warnings) implements Serializable {

    public static final String SETTINGS_FILE = "oversight.yml";
    public static final String POLICIES_FILE = "policies.yml";
    public static final String PRICING_FILE = "pricing.yml";
    /** The directory used when none is given: {@code config/} of the repository, relative to the working directory. */
    public static final Path DEFAULT_DIR = Path.of("config");

    private static final Logger LOG = LoggerFactory.getLogger(OversightConfiguration.class);

    public OversightConfiguration {
        warnings = List.copyOf(warnings);
    }

    /**
     * Loads and validates {@code configDir}/oversight.yml, policies.yml and pricing.yml.
     *
     * @throws ConfigException with every error of every file, when anything is invalid or missing
     */
    public static OversightConfiguration load(Path configDir) {
        if (!Files.isDirectory(configDir)) {
            throw new ConfigException(List.of(new ConfigError(configDir.toString(), 0, "",
                    "config directory not found: " + configDir.toAbsolutePath().normalize()
                            + " — run from the repo root or pass --config-dir")));
        }
        List<ConfigError> errors = new ArrayList<>();
        PolicyHierarchy policies = collect(errors, () -> PolicyHierarchy.load(configDir.resolve(POLICIES_FILE)));
        // With an invalid hierarchy, categories are still checked against the node names it declares.
        Set<String> policyNodes = policies != null ? policies.names() : PolicyHierarchy.declaredNodes(configDir.resolve(POLICIES_FILE));
        OversightSettings settings = collect(errors, () -> OversightSettings.load(configDir.resolve(SETTINGS_FILE),
                policyNodes.isEmpty() ? null : policyNodes));
        PriceTable prices = collect(errors, () -> PriceTable.load(configDir.resolve(PRICING_FILE)));
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        List<ConfigError> warnings = new ArrayList<>();
        warnings.addAll(overspentTenants(configDir.resolve(SETTINGS_FILE), settings));
        warnings.addAll(shortAuditRetention(configDir, settings, policies));
        warnings.forEach(warning -> LOG.warn("config warning: {}", warning));
        LOG.info("Loaded config from {}: {} tenants, {} agents, {} policy nodes, {} priced models",
                configDir, settings.tenants().size(), settings.agents().size(), policies.names().size(), prices.models().size());
        return new OversightConfiguration(settings, policies, prices, warnings);
    }

    /** The effective policy rules of an agent, via its category. */
    public EffectiveRules rulesFor(AgentSettings agent) {
        return policies.effectiveRules(agent.category());
    }

    private interface Loader<T> {
        T load();
    }

    private static <T> T collect(List<ConfigError> errors, Loader<T> loader) {
        try {
            return loader.load();
        } catch (ConfigException e) {
            errors.addAll(e.errors());
            return null;
        }
    }

    private static List<ConfigError> overspentTenants(Path file, OversightSettings settings) {
        Map<String, Double> agentBudgets = settings.agents().stream()
                .collect(Collectors.groupingBy(AgentSettings::tenant, Collectors.summingDouble(AgentSettings::dailyBudgetEur)));
        Map<String, Integer> index = settings.tenants().stream().collect(Collectors.toMap(TenantSettings::id,
                tenant -> settings.tenants().indexOf(tenant), (a, b) -> a));
        List<ConfigError> warnings = new ArrayList<>();
        for (TenantSettings tenant : settings.tenants()) {
            double sum = agentBudgets.getOrDefault(tenant.id(), 0.0);
            if (sum > tenant.dailyBudgetEur() + 1e-9) {
                warnings.add(new ConfigError(file.toString(), 0, "tenants[" + index.get(tenant.id()) + "].daily_budget_eur",
                        "the daily budgets of tenant " + tenant.id() + "'s agents add up to " + ConfigNode.plain(sum)
                                + " EUR, more than the tenant's " + ConfigNode.plain(tenant.dailyBudgetEur()) + " EUR"));
            }
        }
        return warnings;
    }

    private static List<ConfigError> shortAuditRetention(Path configDir, OversightSettings settings, PolicyHierarchy policies) {
        java.time.Duration compliance = settings.storage().retention().complianceLogs();
        List<ConfigError> warnings = new ArrayList<>();
        for (String node : policies.names()) {
            policies.node(node).map(n -> n.rules().get(RuleKind.AUDIT_TRAIL_RETENTION))
                    .filter(rule -> rule.duration().compareTo(compliance) > 0)
                    .ifPresent(rule -> warnings.add(new ConfigError(configDir.resolve(POLICIES_FILE).toString(), rule.line(),
                            "policies." + node + ".rules.audit_trail_retention",
                            "requires " + DurationSyntax.format(rule.duration()) + " (" + rule.duration().toDays() + "d) of audit trail, but "
                                    + SETTINGS_FILE + " storage.retention.compliance_logs keeps compliance data for "
                                    + compliance.toDays() + "d" + "; keep this node's audit rows longer or raise compliance_logs")));
        }
        return warnings;
    }
}
