package org.openclaw.oversight.cost;

/**
 * Keyed state of one minute or hour window of {@link AgentWindows}: its running totals, whether
 * the watermark has passed its end (so later events emit corrections at once), and, for minutes,
 * how much of its cost has already been reported to the budgets.
 */
public class OpenWindow {

    public WindowAccumulator totals = new WindowAccumulator();
    public boolean fired;
    public long budgetReportedNanoEur;

    public OpenWindow() {}
}
