package org.openclaw.oversight.anomaly;

/** Errors of one (tenant, channel) minute in {@link ChannelErrorRate}'s state, with the first few event ids as evidence. A Flink POJO. */
public class ChannelMinute {

    public long errors;
    /** Up to {@link AnomalyAlerts#MAX_EVIDENCE} event ids, comma-separated. */
    public String evidence = "";

    public ChannelMinute() {}
}
