package org.openclaw.oversight.config;

import java.io.Serializable;

/**
 * One tenant (customer) of the platform, from {@code tenants[]} in oversight.yml.
 *
 * @param id             the {@code tenantId} events carry
 * @param name           display name for dashboards and reports
 * @param dailyBudgetEur the tenant's total LLM budget per day in EUR
 */
public record TenantSettings(String id, String name, double dailyBudgetEur) implements Serializable {
}
