package org.openclaw.oversight.bench.choices;

import org.openclaw.oversight.cost.WindowAccumulator;

/**
 * Accumulator of an hourly Flink window built from minutes: the latest total of each of its 60
 * minutes (a re-fired minute brings its whole corrected total, which replaces the slot, so a
 * correction is never counted twice), plus the events that were too late for their minute.
 * A POJO of POJOs, so it never falls back to Kryo.
 */
public class HourPanes {

    public WindowAccumulator[] minutes = new WindowAccumulator[60];
    public WindowAccumulator lateEvents = new WindowAccumulator();

    public HourPanes() {}

    void add(HourPart part) {
        if (part.minuteStart >= 0) {
            minutes[(int) (Math.floorMod(part.minuteStart, 3_600_000L) / 60_000L)] = part.totals;
        } else {
            lateEvents.merge(part.totals);
        }
    }

    WindowAccumulator total() {
        WindowAccumulator total = new WindowAccumulator();
        for (WindowAccumulator minute : minutes) {
            if (minute != null) {
                total.merge(minute);
            }
        }
        return total.merge(lateEvents);
    }

    HourPanes merge(HourPanes other) {
        for (int i = 0; i < minutes.length; i++) {
            if (other.minutes[i] != null) {
                minutes[i] = other.minutes[i];
            }
        }
        lateEvents.merge(other.lateEvents);
        return this;
    }
}
