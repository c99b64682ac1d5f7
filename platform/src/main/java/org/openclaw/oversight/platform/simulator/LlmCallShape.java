package org.openclaw.oversight.platform.simulator;

/** What an LLM call will use and how slow it is, drawn first and then changed by the incidents that hit it. */
final class LlmCallShape {
    String provider;
    String model;
    double inputTokens;
    double outputTokens;
    /** Multiplies the model's latency and that of the tools and retrievals the call runs. */
    double latencyFactor = 1.0;
    /** The incident that slowed the call down; the tool calls inside it carry its signature too. */
    IncidentOutcome slowedBy;

    LlmCallShape(String provider, String model, double inputTokens, double outputTokens) {
        this.provider = provider;
        this.model = model;
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
    }
}
