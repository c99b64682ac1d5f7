package org.openclaw.oversight.cost;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Splits a priced event into the spends of the budgets it counts against (agent and tenant); unbudgeted ones are dropped here, before any state. */
public class BudgetSpends implements FlatMapFunction<UsageEvent, BudgetSpend> {

    private final BudgetBook budgets;

    public BudgetSpends(BudgetBook budgets) {
        this.budgets = budgets;
    }

    @Override
    public void flatMap(UsageEvent e, Collector<BudgetSpend> out) {
        if (!e.priced || e.costNanoEur <= 0) {
            return;
        }
        if (budgets.budget(e.tenantId, e.agentId).isPresent()) {
            out.collect(new BudgetSpend(e.tenantId, e.agentId, e.eventTimeMs, e.costNanoEur));
        }
        if (budgets.budget(e.tenantId, BudgetBook.TENANT_WIDE).isPresent()) {
            out.collect(new BudgetSpend(e.tenantId, BudgetBook.TENANT_WIDE, e.eventTimeMs, e.costNanoEur));
        }
    }
}
