package org.openclaw.oversight.incident;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openclaw.oversight.config.IncidentSettings;
import org.openclaw.oversight.config.OversightSettings;

/**
 * What the responder needs from the config: the {@code incidents} section, the SLA minimum, and the
 * configured agents of each tenant (a cascade pauses these and every agent seen in heartbeats or alerts).
 */
public record ResponderSettings(IncidentSettings incidents, double uptimeSlaMinimum, Map<String, List<String>> agentsByTenant)
        implements Serializable {

    public ResponderSettings {
        agentsByTenant = Map.copyOf(agentsByTenant);
    }

    public static ResponderSettings of(OversightSettings settings) {
        Map<String, List<String>> agents = settings.agents().stream().collect(Collectors.groupingBy(a -> a.tenant(),
                Collectors.mapping(a -> a.name(), Collectors.toList())));
        return new ResponderSettings(settings.incidents(), settings.thresholds().uptimeSlaMinimum(), agents);
    }

    public ResponderSettings withIncidents(IncidentSettings incidents) {
        return new ResponderSettings(incidents, uptimeSlaMinimum, agentsByTenant);
    }
}
