package org.openclaw.oversight.platform.simulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openclaw.oversight.config.AgentSettings;
import org.openclaw.oversight.config.OversightConfiguration;

/**
 * Builds the simulated fleet from config/oversight.yml (through oversight-common's loader, which checks all three
 * config files together, so the simulator
 * plays exactly the agents the jobs are configured for). oversight.yml does not say which model an agent
 * calls, so the model comes from the table below, or from the agent's category for agents not in it.
 */
public final class FleetLoader {
    /** Models of the shipped fleet; they match config/pricing.yml. */
    private static final Map<String, String[]> MODELS = Map.of(
            "support-agent", new String[] {"anthropic", "claude-sonnet-4-6"},
            "sales-agent", new String[] {"openai", "gpt-4o"},
            "analytics-agent", new String[] {"self_hosted", "llama-3.1-70b"},
            "onboarding-agent", new String[] {"anthropic", "claude-haiku-4-5"},
            "finance-agent", new String[] {"anthropic", "claude-sonnet-4-6"},
            "billing-agent", new String[] {"mistral_ai", "mistral-large-2"},
            "hr-screening-agent", new String[] {"anthropic", "claude-sonnet-4-6"},
            "legal-agent", new String[] {"anthropic", "claude-sonnet-4-6"},
            "it-helpdesk-agent", new String[] {"anthropic", "claude-haiku-4-5"},
            "marketing-agent", new String[] {"mistral_ai", "mistral-large-2"});

    private FleetLoader() {
    }

    /**
     * The fleet of {@code configDir}/oversight.yml; the built-in fleet when {@code configDir} is null.
     *
     * @throws org.openclaw.oversight.config.ConfigException when a config file is invalid
     * @throws IllegalArgumentException when the directory has no oversight.yml
     */
    public static Fleet load(Path configDir) {
        return fleetOf(loadConfig(configDir));
    }

    /**
     * All three config files of {@code configDir}, validated together; null when {@code configDir} is null.
     *
     * @throws org.openclaw.oversight.config.ConfigException when a config file is invalid
     * @throws IllegalArgumentException when the directory has no oversight.yml
     */
    public static OversightConfiguration loadConfig(Path configDir) {
        if (configDir == null) {
            return null;
        }
        Path file = configDir.resolve(OversightConfiguration.SETTINGS_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no oversight.yml in " + configDir
                    + "; pass --config-dir pointing at the repository's config/ folder, or leave it out for the "
                    + "built-in fleet");
        }
        return OversightConfiguration.load(configDir);
    }

    /** The agents of a loaded configuration; the built-in fleet when {@code config} is null. */
    public static Fleet fleetOf(OversightConfiguration config) {
        if (config == null) {
            return Fleet.builtIn();
        }
        List<AgentSettings> agents = config.settings().agents();
        if (agents.isEmpty()) {
            throw new IllegalArgumentException(OversightConfiguration.SETTINGS_FILE
                    + " lists no agents; the simulator needs at least one");
        }
        return Fleet.withHandoffs(agents.stream().map(FleetLoader::agent).toList());
    }

    private static SimulatedAgent agent(AgentSettings a) {
        String[] model = MODELS.getOrDefault(a.name(), modelFor(a.category()));
        return new SimulatedAgent(a.tenant(), a.name(), a.category(), model[0], model[1], "1.4.0", List.of(),
                Fleet.channelsFor(a.category()));
    }

    private static String[] modelFor(String category) {
        return switch (category) {
            case "customer_facing" -> new String[] {"anthropic", "claude-haiku-4-5"};
            case "internal" -> new String[] {"self_hosted", "llama-3.1-70b"};
            case "high_risk", "hr_screening_agent" -> new String[] {"anthropic", "claude-sonnet-4-6"};
            default -> new String[] {"openai", "gpt-4o"};
        };
    }
}
