package org.openclaw.oversight.anomaly;

/** An agent's TokenAnomaly episode in {@link TokenAnomalyDetector}'s state: open from {@code startsAt}, last anomalous call at {@code lastAnomalyAt}. */
public class TokenEpisode {

    public boolean firing;
    public long startsAt;
    public long lastAnomalyAt;
    /** A suspicious call (above k·σ) not yet confirmed by a second one, or Long.MIN_VALUE. */
    public long pendingAt = Long.MIN_VALUE;
    public String pendingEventId;

    public TokenEpisode() {}
}
