package org.openclaw.oversight.localstack.registry;

import java.util.Locale;

/** Confluent's compatibility levels: which direction to check, and against how many versions. */
enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** The new schema must read data written with the old ones (consumers upgrade first). */
    final boolean newReadsOld;
    /** The old schemas must read data written with the new one (producers upgrade first). */
    final boolean oldReadsNew;
    /** Check against every live version, not only the latest. */
    final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    static CompatibilityLevel parse(String text) {
        if (text == null) {
            throw RegistryError.invalidCompatibilityLevel("null");
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RegistryError.invalidCompatibilityLevel(text);
        }
    }
}
