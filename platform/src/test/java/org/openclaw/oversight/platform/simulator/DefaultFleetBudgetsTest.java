package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.config.AgentSettings;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.config.TenantSettings;
import org.openclaw.oversight.ingestion.EventPricer;
import org.openclaw.oversight.schema.AgentEvent;

/**
 * The shipped daily budgets and the simulator's default fleet agree: normal traffic at the default rate stays
 * well inside every budget (a `--no-incidents` run raises no BudgetExceeded / BudgetForecastExceeded), and the
 * budgets are not so large that they mean nothing — a fleet at {@link #OVERRUN} times the default rate exceeds
 * each of them (budget alerts on real overspend: cost-aggregation's BudgetTrackerHarnessTest and
 * CostAggregationITCase).
 *
 * <p>Why {@link #HEADROOM}: cost-aggregation's forecast is today's spend plus the last hour's spend
 * extrapolated to midnight, so just after midnight it is 24 × one hour's spend; an hour of this fleet varies
 * by a few percent, and an incident (cost spike, token surge) adds minutes of several times the usual spend.
 */
class DefaultFleetBudgetsTest {

    private static final double HEADROOM = 1.5;
    private static final double OVERRUN = 4.0;
    private static final long SIMULATED_MS = 20 * 60_000L;

    @Test
    void theDefaultFleetAtTheDefaultRateSpendsWellInsideItsBudgetsButFourTimesItWouldNot() {
        OversightConfiguration config = FleetLoader.loadConfig(Path.of("../config"));
        Fleet fleet = FleetLoader.fleetOf(config);
        EventPricer pricer = new EventPricer(config.prices());
        RecordedRun run = RecordedRun.of(fleet, Scenario.none(), new SimulationSettings(7, RecordedRun.START, 50), null,
                SimulationRun.UNBOUNDED, SIMULATED_MS);

        Map<String, Double> perAgent = new TreeMap<>();
        Map<String, Double> perTenant = new TreeMap<>();
        double toDay = 86_400_000.0 / SIMULATED_MS;
        for (SimulatedRecord record : run.records) {
            if (record.value() instanceof AgentEvent event) {
                Double price = pricer.price(event).eur();
                double eur = price == null ? 0 : price * toDay;
                perAgent.merge(event.getAgentId(), eur, Double::sum);
                perTenant.merge(event.getTenantId(), eur, Double::sum);
            }
        }

        StringBuilder table = new StringBuilder("expected daily spend of the default fleet at 50 records/s vs budget:\n");
        for (AgentSettings agent : config.settings().agents()) {
            double daily = perAgent.getOrDefault(agent.name(), 0.0);
            table.append(String.format("  %-20s %8.2f EUR  budget %8.2f%n", agent.name(), daily, agent.dailyBudgetEur()));
        }
        for (TenantSettings tenant : config.settings().tenants()) {
            table.append(String.format("  %-20s %8.2f EUR  budget %8.2f%n", tenant.id(), perTenant.getOrDefault(tenant.id(), 0.0),
                    tenant.dailyBudgetEur()));
        }
        System.out.println(table);

        for (AgentSettings agent : config.settings().agents()) {
            double daily = perAgent.getOrDefault(agent.name(), 0.0);
            assertThat(agent.dailyBudgetEur()).as("%s: budget vs %.1f × its expected daily spend%n%s", agent.name(), HEADROOM, table)
                    .isGreaterThanOrEqualTo(HEADROOM * daily);
            if (daily > 0) {
                assertThat(agent.dailyBudgetEur()).as("%s: budget below %.0f × its daily spend%n%s", agent.name(), OVERRUN, table)
                        .isLessThan(OVERRUN * daily);
            }
        }
        for (TenantSettings tenant : config.settings().tenants()) {
            double daily = perTenant.getOrDefault(tenant.id(), 0.0);
            assertThat(tenant.dailyBudgetEur()).as("%s%n%s", tenant.id(), table).isGreaterThanOrEqualTo(HEADROOM * daily)
                    .isLessThan(OVERRUN * daily);
        }
    }
}
