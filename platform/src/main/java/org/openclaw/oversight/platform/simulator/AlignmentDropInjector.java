package org.openclaw.oversight.platform.simulator;

import java.util.List;
import java.util.Random;

/** alignment_drop: the runs' alignment scores fall to around {@code score} (0.45). */
final class AlignmentDropInjector {
    private final IncidentSchedule schedule;
    private final Random random;

    AlignmentDropInjector(IncidentSchedule schedule, Random random) {
        this.schedule = schedule;
        this.random = random;
    }

    /** The run's alignment score; the incident that lowered it, if any, is added to {@code touched}. */
    double alignmentScore(SimulatedAgent agent, long start, List<IncidentOutcome> touched) {
        IncidentOutcome drop = schedule.active(agent.agentId(), start, IncidentType.ALIGNMENT_DROP);
        if (drop == null) {
            // a healthy agent meets the strictest alignment_score_minimum of the seed (hr_screening_agent: 0.90)
            return Distributions.score(random, 0.96, 0.02, 0.905, 1.0);
        }
        touched.add(drop);
        return Distributions.score(random, drop.incident().param("score", 0.45), 0.08, 0.05, 0.75);
    }
}
