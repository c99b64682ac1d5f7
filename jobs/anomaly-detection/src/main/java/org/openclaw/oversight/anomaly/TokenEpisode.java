package org.openclaw.oversight.anomaly;

/** An agent's open TokenAnomaly in {@link TokenAnomalyDetector}'s state: firing since {@code startsAt}, last anomalous call at {@code lastAnomalyAt}. */
public class TokenEpisode {

    public boolean firing;
    public long startsAt;
    public long lastAnomalyAt;

    public TokenEpisode() {}
}
