package org.openclaw.oversight.enforcement;

import java.util.Arrays;

/**
 * What the conversation rules remember of one conversation (channel/user of an agent): the event times of its
 * recent agent spans and escalations — every one, not just the latest, because spans and messages arrive in any
 * order and a reply may be covered by an earlier span while a later one is already known. Times older than the
 * watermark minus the longest wait can no longer cover anything on time and are pruned. A Flink POJO.
 */
public class ConversationActivity {
    public long[] spanTimes = new long[0];
    public long[] escalationTimes = new long[0];
    public long lastSeenMs;

    public ConversationActivity() {}

    static long[] add(long[] times, long time, long pruneBeforeMs) {
        long[] kept = Arrays.stream(times).filter(t -> t >= pruneBeforeMs && t != time).toArray();
        long[] out = Arrays.copyOf(kept, kept.length + 1);
        out[kept.length] = time;
        return out;
    }

    static boolean anyWithin(long[] times, long centreMs, long toleranceMs) {
        for (long t : times) {
            if (Math.abs(t - centreMs) <= toleranceMs) {
                return true;
            }
        }
        return false;
    }
}
