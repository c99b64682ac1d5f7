package org.openclaw.oversight.platform.simulator;

import java.util.Random;

/** The shapes simulated numbers are drawn from: latencies and token counts are log-normal, scores are clipped. */
final class Distributions {
    private Distributions() {
    }

    static double logNormal(Random random, double median, double sigma) {
        return median * Math.exp(sigma * random.nextGaussian());
    }

    /** A normal draw clipped to {@code [min, max]} and rounded to three decimals, as evaluators report scores. */
    static double score(Random random, double mean, double sd, double min, double max) {
        return Math.round(clamp(mean + sd * random.nextGaussian(), min, max) * 1000) / 1000.0;
    }

    static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }
}
