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

    /** When the last incident ends, so a run can be made long enough to contain them all. */
    public long endMs() {
        return incidents.stream().mapToLong(Incident::endMs).max().orElse(0);
    }
}
