package org.openclaw.oversight.platform.simulator;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The incidents a scenario can inject, named as they are written in the scenario YAML. */
public enum IncidentType {
    /** Input tokens times {@code factor} (default 10) on the agent's most expensive call pattern. */
    COST_SPIKE("cost_spike", "factor", "model", "provider"),
    /** Output tokens times {@code factor} (default 8) and more LLM calls per run: a runaway loop. */
    TOKEN_SURGE("token_surge", "factor"),
    /** Span durations times {@code factor} (default 6). */
    LATENCY_DEGRADATION("latency_degradation", "factor"),
    /** {@code error_rate} (default 0.6) of spans fail; hand-off targets fail after {@code cascade_delay}. */
    ERROR_BURST("error_burst", "error_rate", "cascade_delay", "cascade_error_rate"),
    /** No events and no heartbeats for the duration, then back. */
    AGENT_SILENT("agent_silent"),
    /** Heartbeats say DEGRADED for the duration; events continue. */
    AGENT_DEGRADED("agent_degraded"),
    /** One heartbeat says DOWN at the start, then nothing (no events, no heartbeats) until the end. */
    AGENT_DOWN("agent_down"),
    /** The agent stops dead at {@code at} and never comes back: no duration, nothing more for the rest of the run. */
    AGENT_STOPPED("agent_stopped"),
    /** Alignment scores around {@code score} (default 0.45). */
    ALIGNMENT_DROP("alignment_drop", "score"),
    /** Outputs and outbound messages carry PII, with {@code probability} (default 0.8). */
    PII_IN_OUTPUT("pii_in_output", "probability"),
    /** The first outbound message of new conversations lacks the AI disclosure. */
    MISSING_AI_DISCLOSURE("missing_ai_disclosure"),
    /**
     * User inputs carry injection phrases, with {@code probability} (default 0.7); with {@code context_factor}
     * above 1 the injected turn's first LLM call reads that many times its usual input (context stuffing).
     */
    PROMPT_INJECTION("prompt_injection", "probability", "context_factor"),
    /** Users ask for a human ("MENSCH", "HUMAN") and no ESCALATION/HUMAN_REVIEW follows. */
    HUMAN_ESCALATION_UNANSWERED("human_escalation_unanswered", "probability"),
    /** A new {@code version} (default 2.0.0-rc1) appears with attribute approvals=0. */
    UNAPPROVED_VERSION("unapproved_version", "version"),
    /** The agent keeps working after PAUSE and SHUTDOWN commands on oversight.agent-control.v1 (it obeys the rest). */
    IGNORES_KILL_SWITCH("ignores_kill_switch");

    private final String yamlName;
    private final java.util.Set<String> paramNames;

    IncidentType(String yamlName, String... paramNames) {
        this.yamlName = yamlName;
        this.paramNames = java.util.Set.of(paramNames);
    }

    /** Parameter names the generator reads for this type; anything else in a scenario is a typo. */
    public java.util.Set<String> paramNames() {
        return paramNames;
    }

    public String yamlName() {
        return yamlName;
    }

    /** Whether the incident lasts to the end of the run (written without a duration). */
    public boolean openEnded() {
        return this == AGENT_STOPPED;
    }

    public static Optional<IncidentType> fromYaml(String name) {
        return Arrays.stream(values()).filter(t -> t.yamlName.equals(name)).findFirst();
    }

    public static String allNames() {
        return Arrays.stream(values()).map(IncidentType::yamlName).collect(Collectors.joining(", "));
    }
}
