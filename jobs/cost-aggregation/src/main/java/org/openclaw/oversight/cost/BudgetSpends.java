package org.openclaw.oversight.cost;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Splits an agent's spend into the spends of the budgets it counts against (the agent's own and its tenant's); unbudgeted ones are dropped here, before any state. */
public class BudgetSpends implements FlatMapFunction<BudgetSpend, BudgetSpend> {

    private final BudgetBook budgets;

    public BudgetSpends(BudgetBook budgets) {
        this.budgets = budgets;
    }

    @Override
    public void flatMap(BudgetSpend spend, Collector<BudgetSpend> out) {
        if (budgets.budget(spend.tenantId, spend.agentId).isPresent()) {
            out.collect(spend);
        }
        if (budgets.budget(spend.tenantId, BudgetBook.TENANT_WIDE).isPresent()) {
            out.collect(new BudgetSpend(spend.tenantId, BudgetBook.TENANT_WIDE, spend.eventTimeMs, spend.costNanoEur));
        }
    }
}
