package org.openclaw.oversight.config;

import java.io.Serializable;

/**
 * One agent of the fleet, from {@code agents[]} in oversight.yml.
 *
 * @param name           the {@code agentId} events carry; unique across tenants
 * @param tenant         id of the tenant that runs it
 * @param sdk            language SDK that instruments it (python, node, java, go, ...)
 * @param sampleRate     share of traces kept, 0..1 (default 1.0)
 * @param piiScan        when its events are PII-scanned (default real-time)
 * @param category       the policy node in policies.yml that governs it
 * @param owner          e-mail or team paged first (escalation level 1)
 * @param dailyBudgetEur the agent's LLM budget per day in EUR
 */
public record AgentSettings(String name, String tenant, String sdk, double sampleRate, PiiScanMode piiScan,
                            String category, String owner, double dailyBudgetEur) implements Serializable {
}
