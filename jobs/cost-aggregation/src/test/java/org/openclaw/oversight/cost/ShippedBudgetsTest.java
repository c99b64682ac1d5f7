package org.openclaw.oversight.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.config.OversightConfiguration;

/** The budgets main() writes at start, from the repository's own config/oversight.yml. */
class ShippedBudgetsTest {

    @Test
    void everyAgentAndTenantOfTheShippedConfigHasItsBudget() {
        OversightConfiguration config = OversightConfiguration.load(Path.of("../../config"));
        BudgetBook budgets = BudgetBook.of(config.settings());
        assertThat(budgets.size()).isEqualTo(config.settings().agents().size() + config.settings().tenants().size());
        assertThat(budgets.budget("acme-retail", "support-agent")).hasValueSatisfying(b -> {
            assertThat(b.dailyBudgetEur()).isEqualTo(1500.0);
            assertThat(b.category()).isEqualTo("customer_facing");
        });
        assertThat(budgets.budget("acme-retail", BudgetBook.TENANT_WIDE)).hasValueSatisfying(b ->
                assertThat(b.dailyBudgetEur()).isEqualTo(4500.0));
    }
}
