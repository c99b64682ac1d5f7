package org.openclaw.oversight.platform.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openclaw.oversight.schema.Channel;

/** The agents the simulator plays, in a fixed order so that a seed always yields the same events. */
public record Fleet(List<SimulatedAgent> agents) {

    public Fleet {
        if (agents.isEmpty()) {
            throw new IllegalArgumentException("a fleet needs at least one agent");
        }
        agents = List.copyOf(agents);
    }

    public Optional<SimulatedAgent> find(String agentId) {
        return agents.stream().filter(a -> a.agentId().equals(agentId)).findFirst();
    }

    public List<String> agentIds() {
        return agents.stream().map(SimulatedAgent::agentId).toList();
    }

    /**
     * The ten agents of the shipped config/oversight.yml, used when no config directory is given so the
     * simulator also works from a bare jar and in tests.
     */
    public static Fleet builtIn() {
        List<SimulatedAgent> agents = new ArrayList<>();
        agents.add(agent("acme-retail", "support-agent", "customer_facing", "anthropic", "claude-sonnet-4-6"));
        agents.add(agent("acme-retail", "sales-agent", "customer_facing", "openai", "gpt-4o"));
        agents.add(agent("acme-retail", "analytics-agent", "internal", "self_hosted", "llama-3.1-70b"));
        agents.add(agent("acme-retail", "onboarding-agent", "customer_facing", "anthropic", "claude-haiku-4-5"));
        agents.add(agent("globex-finance", "finance-agent", "high_risk", "anthropic", "claude-sonnet-4-6"));
        agents.add(agent("globex-finance", "billing-agent", "customer_facing", "mistral_ai", "mistral-large-2"));
        agents.add(agent("globex-finance", "hr-screening-agent", "hr_screening_agent", "anthropic", "claude-sonnet-4-6"));
        agents.add(agent("initech-services", "legal-agent", "high_risk", "anthropic", "claude-sonnet-4-6"));
        agents.add(agent("initech-services", "it-helpdesk-agent", "internal", "anthropic", "claude-haiku-4-5"));
        agents.add(agent("initech-services", "marketing-agent", "customer_facing", "mistral_ai", "mistral-large-2"));
        return withHandoffs(agents);
    }

    private static SimulatedAgent agent(String tenant, String id, String category, String provider, String model) {
        return new SimulatedAgent(tenant, id, category, provider, model, "1.4.0", List.of(), channelsFor(category));
    }

    /** Channels that fit the kind of agent: customers write on messengers, staff on Teams/Slack. */
    static List<Channel> channelsFor(String category) {
        return switch (category == null ? "" : category) {
            case "customer_facing" -> List.of(Channel.WHATSAPP, Channel.WEBCHAT, Channel.SLACK);
            case "internal" -> List.of(Channel.TEAMS, Channel.SLACK);
            case "hr_screening_agent" -> List.of(Channel.WEBCHAT, Channel.TEAMS);
            default -> List.of(Channel.WEBCHAT, Channel.TEAMS);
        };
    }

    /**
     * Every agent may hand off to the next two agents of its tenant (in fleet order), which gives each
     * tenant a delegation chain that error bursts can cascade along.
     */
    static Fleet withHandoffs(List<SimulatedAgent> agents) {
        Map<String, List<SimulatedAgent>> byTenant = new LinkedHashMap<>();
        for (SimulatedAgent a : agents) {
            byTenant.computeIfAbsent(a.tenantId(), t -> new ArrayList<>()).add(a);
        }
        List<SimulatedAgent> linked = new ArrayList<>();
        for (SimulatedAgent a : agents) {
            List<SimulatedAgent> tenant = byTenant.get(a.tenantId());
            int i = tenant.indexOf(a);
            List<String> targets = new ArrayList<>();
            for (int step = 1; step <= 2 && step < tenant.size(); step++) {
                targets.add(tenant.get((i + step) % tenant.size()).agentId());
            }
            linked.add(new SimulatedAgent(a.tenantId(), a.agentId(), a.category(), a.provider(), a.model(),
                    a.version(), targets, a.channels()));
        }
        return new Fleet(linked);
    }
}
