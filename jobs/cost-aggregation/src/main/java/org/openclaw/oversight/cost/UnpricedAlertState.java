package org.openclaw.oversight.cost;

/**
 * What {@link UnpricedModelTracker} remembers of an agent besides its minutes: the last time it judged
 * the window, and the alert while it fires — so the resolution carries the firing alert's start, value
 * and texts. A Flink POJO (state, no Kryo).
 */
public class UnpricedAlertState {

    public String tenantId;
    public String agentId;
    /** End (last ms) of the latest minute judged; evaluations never go back before it. */
    public long evaluatedUntilMs = Long.MIN_VALUE;
    /** When the firing alert started, 0 while none fires. */
    public long firingSinceMs;
    public double value;
    public String summary;
    public String description;

    public UnpricedAlertState() {}

    boolean firing() {
        return firingSinceMs != 0;
    }
}
