package org.openclaw.oversight.cost;

/** Keyed state of {@link AgentMetricsPublisher}: the latest totals of one model's minute and how often it was published. */
public class ModelMinute {

    public long bucket;
    public String model;
    public WindowAccumulator totals;
    /** Revision of the last published row of this model's minute. */
    public int revision;

    public ModelMinute() {}
}
