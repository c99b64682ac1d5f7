package org.openclaw.oversight.platform.simulator;

import java.util.Map;
import java.util.TreeMap;

/**
 * One scripted incident: {@code type} hits {@code agentId} from {@code atMs} after the simulation start for
 * {@code durationMs}. Params are kept as text (as written in the YAML) and read with defaults by the generator.
 */
public record Incident(IncidentType type, String agentId, long atMs, long durationMs, Map<String, String> params) {
    /** Duration of an open-ended incident (agent_stopped): longer than any run, short enough not to overflow. */
    public static final long FOREVER = Long.MAX_VALUE / 4;

    public Incident {
        params = Map.copyOf(new TreeMap<>(params));
    }

    public long endMs() {
        return atMs + durationMs;
    }

    public boolean activeAt(long offsetMs) {
        return offsetMs >= atMs && offsetMs < endMs();
    }

    public double param(String name, double fallback) {
        String v = params.get(name);
        return v == null ? fallback : Double.parseDouble(v);
    }

    public String param(String name, String fallback) {
        return params.getOrDefault(name, fallback);
    }

    /** Short label used in the report and on the console, e.g. {@code cost_spike@sales-agent+30s}. */
    public String label() {
        return type.yamlName() + "@" + agentId + "+" + DurationText.format(atMs);
    }
}
