package org.openclaw.oversight.cost;

/**
 * Keyed state of {@link BudgetTracker}: one budget's spend on one UTC day, which alerts fired, and
 * the spend per minute of the last hour (a 60-slot ring of primitives: summing it per event costs
 * no allocation, unlike iterating a MapState).
 */
public class BudgetDay {

    static final int MINUTES = 60;

    public String tenantId;
    /** The agent, or {@link BudgetBook#TENANT_WIDE}. */
    public String agentId;
    /** UTC day, days since the epoch. */
    public long day;
    public long spentNanoEur;
    /** Event time of the newest event of the day: "now" for the forecast. */
    public long latestEventMs;
    /** startsAt of the alerts that fired today, 0 if not fired. */
    public long forecastAlertStartedMs;
    public long exceededAlertStartedMs;
    /** Slot {@code m % 60} holds the spend of epoch minute {@code minuteOfSlot[m % 60]}. */
    public long[] minuteSpendNanoEur = new long[MINUTES];
    public long[] minuteOfSlot = new long[MINUTES];

    public BudgetDay() {}

    /** Records spend of an epoch minute; minutes an hour or more behind {@code newestMinute} are outside the rate window. */
    void addToMinute(long minute, long newestMinute, long nanoEur) {
        if (minute <= newestMinute - MINUTES) {
            return;
        }
        int slot = (int) Math.floorMod(minute, (long) MINUTES);
        if (minuteOfSlot[slot] != minute) {
            minuteOfSlot[slot] = minute;
            minuteSpendNanoEur[slot] = 0;
        }
        minuteSpendNanoEur[slot] += nanoEur;
    }

    /** Spend in the minutes (newestMinute − 60, newestMinute]. */
    long spendInLastHour(long newestMinute) {
        long sum = 0;
        for (int i = 0; i < MINUTES; i++) {
            long minute = minuteOfSlot[i];
            if (minute > newestMinute - MINUTES && minute <= newestMinute) {
                sum += minuteSpendNanoEur[i];
            }
        }
        return sum;
    }

    /** A new day for the same budget; the last hour's rate carries over midnight. */
    BudgetDay nextDay(long newDay) {
        BudgetDay next = new BudgetDay();
        next.tenantId = tenantId;
        next.agentId = agentId;
        next.day = newDay;
        next.latestEventMs = latestEventMs;
        next.minuteSpendNanoEur = minuteSpendNanoEur.clone();
        next.minuteOfSlot = minuteOfSlot.clone();
        return next;
    }
}
