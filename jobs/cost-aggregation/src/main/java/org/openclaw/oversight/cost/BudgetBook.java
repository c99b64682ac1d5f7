package org.openclaw.oversight.cost;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.openclaw.oversight.config.AgentSettings;
import org.openclaw.oversight.config.OversightSettings;
import org.openclaw.oversight.config.TenantSettings;

/**
 * The daily budgets of config/oversight.yml: one per agent and one per tenant (agent {@link #TENANT_WIDE}),
 * the same rows this job writes into {@code oversight.budgets} at start.
 */
public final class BudgetBook implements Serializable {

    private static final long serialVersionUID = 1L;

    /** agent_id of a tenant's own budget in the budgets table (DESIGN / V1). */
    public static final String TENANT_WIDE = "*";

    /** One budget: the alert's category label is the agent's policy category, "tenant" for a tenant budget. */
    public record Budget(String tenantId, String agentId, double dailyBudgetEur, String category) implements Serializable {}

    private final Map<String, Budget> budgets;

    private BudgetBook(Map<String, Budget> budgets) {
        this.budgets = Map.copyOf(budgets);
    }

    public static BudgetBook of(OversightSettings settings) {
        Map<String, Budget> budgets = new LinkedHashMap<>();
        for (TenantSettings tenant : settings.tenants()) {
            budgets.put(key(tenant.id(), TENANT_WIDE), new Budget(tenant.id(), TENANT_WIDE, tenant.dailyBudgetEur(), "tenant"));
        }
        for (AgentSettings agent : settings.agents()) {
            budgets.put(key(agent.tenant(), agent.name()),
                    new Budget(agent.tenant(), agent.name(), agent.dailyBudgetEur(), agent.category()));
        }
        return new BudgetBook(budgets);
    }

    public static BudgetBook of(Budget... budgets) {
        Map<String, Budget> map = new LinkedHashMap<>();
        for (Budget b : budgets) {
            map.put(key(b.tenantId(), b.agentId()), b);
        }
        return new BudgetBook(map);
    }

    public static BudgetBook empty() {
        return new BudgetBook(Map.of());
    }

    public Optional<Budget> budget(String tenantId, String agentId) {
        return Optional.ofNullable(budgets.get(key(tenantId, agentId)));
    }

    public Iterable<Budget> all() {
        return budgets.values();
    }

    public int size() {
        return budgets.size();
    }

    static String key(String tenantId, String agentId) {
        return tenantId + "|" + agentId;
    }
}
