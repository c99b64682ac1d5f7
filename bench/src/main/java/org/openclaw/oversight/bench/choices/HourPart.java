package org.openclaw.oversight.bench.choices;

import org.apache.flink.api.java.tuple.Tuple3;
import org.openclaw.oversight.cost.UsageEvent;
import org.openclaw.oversight.cost.WindowAccumulator;

/**
 * What an hourly Flink window is built from: the whole (possibly corrected) total of one fired
 * minute, which replaces that minute's earlier total, or one event that came too late for its
 * minute but may still count in its hour ({@code minuteStart = -1}, {@code event} set).
 */
public class HourPart {

    public String tenantId;
    public String agentId;
    public String model;
    /** Start of the minute whose total this is, epoch ms; -1 for a single late event. */
    public long minuteStart = -1;
    public WindowAccumulator totals;
    /** The event, when this part is one event too late for its minute (for the too-late-for-the-hour output). */
    public UsageEvent event;

    public HourPart() {}

    static HourPart ofMinute(Tuple3<String, String, String> key, long minuteStart, WindowAccumulator totals) {
        HourPart p = new HourPart();
        p.tenantId = key.f0;
        p.agentId = key.f1;
        p.model = key.f2;
        p.minuteStart = minuteStart;
        p.totals = totals;
        return p;
    }

    static HourPart ofLateEvent(UsageEvent e) {
        HourPart p = new HourPart();
        p.tenantId = e.tenantId;
        p.agentId = e.agentId;
        p.model = e.model;
        p.totals = new WindowAccumulator();
        p.totals.add(e);
        p.event = e;
        return p;
    }

    Tuple3<String, String, String> key() {
        return Tuple3.of(tenantId, agentId, model);
    }
}
