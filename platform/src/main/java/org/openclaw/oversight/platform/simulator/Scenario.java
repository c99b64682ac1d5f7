package org.openclaw.oversight.platform.simulator;

import java.util.Comparator;
import java.util.List;

/** The incidents of one scenario file, ordered by start offset. {@code source} names the file for messages. */
public record Scenario(String source, List<Incident> incidents) {

    public Scenario {
        incidents = incidents.stream().sorted(Comparator.comparingLong(Incident::atMs)).toList();
    }

    public static Scenario none() {
        return new Scenario("(no incidents)", List.of());
    }

    /** Time an open-ended incident (agent_stopped) is given in the default run length: enough to notice it. */
    public static final long OPEN_ENDED_SHOWN_MS = 180_000;

    /**
     * When the last incident ends, so a run can be made long enough to contain them all; an open-ended one counts
     * {@link #OPEN_ENDED_SHOWN_MS} after its start.
     */
    public long endMs() {
        return incidents.stream().mapToLong(i -> i.type().openEnded() ? i.atMs() + OPEN_ENDED_SHOWN_MS : i.endMs())
                .max().orElse(0);
    }
}
