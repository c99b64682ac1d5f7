package org.openclaw.oversight.enforcement;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openclaw.oversight.config.AgentSettings;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.policy.PolicyHierarchy;

/**
 * What the job is built with: the policy it starts with (policies.yml; a document on oversight.policies.v1
 * replaces it), the agents' categories (oversight.yml), event-time handling and output pacing.
 *
 * @param initialPolicy   in force until a document arrives on the topic
 * @param categories      agentId -> policy node, from {@code agents[].category}
 * @param outOfOrderness  how late a clean event may be relative to the newest; waits end after the watermark passes
 * @param idleness        a clean-topic partition without events for this long does not hold event time back
 * @param alertResend     one alert per fingerprint per this much event time ({@link AlertThrottle})
 * @param dbFlushInterval longest a violation row waits in the table sink's batch
 */
public record PolicyEnforcementSettings(PolicyHierarchy initialPolicy, Map<String, String> categories, Duration outOfOrderness,
                                        Duration idleness, Duration alertResend, Duration dbFlushInterval) implements Serializable {

    public PolicyEnforcementSettings {
        categories = Map.copyOf(categories);
    }

    public static PolicyEnforcementSettings of(OversightConfiguration config) {
        Map<String, String> categories = new LinkedHashMap<>();
        for (AgentSettings agent : config.settings().agents()) {
            categories.put(agent.name(), agent.category());
        }
        return new PolicyEnforcementSettings(config.policies(), categories, Duration.ofSeconds(30), Duration.ofMinutes(1),
                Duration.ofMinutes(1), Duration.ofSeconds(1));
    }

    public PolicyEnforcementSettings withInitialPolicy(PolicyHierarchy policy) {
        return new PolicyEnforcementSettings(policy, categories, outOfOrderness, idleness, alertResend, dbFlushInterval);
    }

    public PolicyView policyView() {
        return new PolicyView(initialPolicy, categories);
    }
}
