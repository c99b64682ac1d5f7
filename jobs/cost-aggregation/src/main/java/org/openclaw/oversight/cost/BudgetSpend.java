package org.openclaw.oversight.cost;

/** One priced event counted against one budget: the agent's own, or its tenant's ({@link BudgetBook#TENANT_WIDE}). */
public class BudgetSpend {

    public String tenantId;
    public String agentId;
    public long eventTimeMs;
    public long costNanoEur;

    public BudgetSpend() {}

    public BudgetSpend(String tenantId, String agentId, long eventTimeMs, long costNanoEur) {
        this.tenantId = tenantId;
        this.agentId = agentId;
        this.eventTimeMs = eventTimeMs;
        this.costNanoEur = costNanoEur;
    }

    public String budgetKey() {
        return BudgetBook.key(tenantId, agentId);
    }
}
