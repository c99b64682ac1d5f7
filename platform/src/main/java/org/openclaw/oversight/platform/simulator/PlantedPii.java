package org.openclaw.oversight.platform.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One personal-data value or secret the simulator wrote into texts, and the ids of the emitted records that
 * contain it. Ingestion tests assert that none of these values reaches a table or topic unredacted.
 *
 * @see InjectionReport#plantedPii()
 */
public final class PlantedPii {
    private final PiiKind kind;
    private final String value;
    private final boolean leakedByAgent;
    private final List<String> ids = new ArrayList<>();

    PlantedPii(PiiKind kind, String value, boolean leakedByAgent) {
        this.kind = kind;
        this.value = value;
        this.leakedByAgent = leakedByAgent;
    }

    public PiiKind kind() {
        return kind;
    }

    /** The value exactly as it appears in the text. */
    public String value() {
        return value;
    }

    /** True when an agent wrote it (pii_in_output), false when a user did. */
    public boolean leakedByAgent() {
        return leakedByAgent;
    }

    public List<String> ids() {
        return Collections.unmodifiableList(ids);
    }

    void seenIn(String id) {
        ids.add(id);
    }
}
