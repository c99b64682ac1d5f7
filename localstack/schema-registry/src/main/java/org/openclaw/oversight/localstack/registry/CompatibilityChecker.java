package org.openclaw.oversight.localstack.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Decides whether a candidate schema may join a subject, with Avro's own reader/writer resolution
 * rules ({@link SchemaCompatibility}), the same rules Confluent Schema Registry applies.
 */
final class CompatibilityChecker {

    /** A schema already in the subject, with its version for the error message. */
    record ExistingSchema(int version, Schema schema) {}

    private CompatibilityChecker() {}

    /**
     * @param existing the live versions of the subject, oldest first
     * @return human-readable problems; empty when the candidate is compatible
     */
    static List<String> problems(Schema candidate, List<ExistingSchema> existing, CompatibilityLevel level) {
        List<String> problems = new ArrayList<>();
        if (level == CompatibilityLevel.NONE || existing.isEmpty()) {
            return problems;
        }
        List<ExistingSchema> toCheck = level.transitive ? existing : existing.subList(existing.size() - 1, existing.size());
        // newest first, as Confluent reports the nearest conflicting version first
        for (int i = toCheck.size() - 1; i >= 0; i--) {
            ExistingSchema old = toCheck.get(i);
            if (level.newReadsOld) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old.schema()),
                        "new schema cannot read data written with version " + old.version(), problems);
            }
            if (level.oldReadsNew) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(old.schema(), candidate),
                        "version " + old.version() + " cannot read data written with the new schema", problems);
            }
        }
        return problems;
    }

    private static void describe(SchemaPairCompatibility result, String direction, List<String> problems) {
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        List<Incompatibility> incompatibilities = result.getResult().getIncompatibilities();
        if (incompatibilities.isEmpty()) {
            problems.add("{direction:'" + direction + "', description:'" + result.getDescription() + "'}");
            return;
        }
        for (Incompatibility incompatibility : incompatibilities) {
            problems.add("{errorType:'" + incompatibility.getType() + "', description:'" + direction
                    + " (" + incompatibility.getType().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + ": " + incompatibility.getMessage() + ")', location:'" + incompatibility.getLocation() + "'}");
        }
    }
}
