package org.openclaw.oversight.localstack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.localstack.registry.CompatibilityChecker.ExistingSchema;

class CompatibilityCheckerTest {

    private static final Schema V1 = new Schema.Parser().parse(TestSchemas.V1);
    private static final Schema WITH_DEFAULT = new Schema.Parser().parse(TestSchemas.V2_WITH_DEFAULT);
    private static final Schema NO_DEFAULT = new Schema.Parser().parse(TestSchemas.V2_NO_DEFAULT);

    @Test
    void backwardAcceptsANewFieldWithDefaultAndNamesTheMissingDefault() {
        List<ExistingSchema> existing = List.of(new ExistingSchema(1, V1));
        assertThat(CompatibilityChecker.problems(WITH_DEFAULT, existing, CompatibilityLevel.BACKWARD)).isEmpty();
        assertThat(CompatibilityChecker.problems(NO_DEFAULT, existing, CompatibilityLevel.BACKWARD))
                .singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE", "version 1", "count");
    }

    @Test
    void forwardIsTheReverseDirection() {
        List<ExistingSchema> existing = List.of(new ExistingSchema(1, NO_DEFAULT));
        // old readers need "count"; V1 data does not have it
        assertThat(CompatibilityChecker.problems(V1, existing, CompatibilityLevel.FORWARD)).isNotEmpty();
        assertThat(CompatibilityChecker.problems(V1, existing, CompatibilityLevel.BACKWARD)).isEmpty();
    }

    @Test
    void noneAndEmptySubjectsAcceptAnything() {
        Schema unrelated = Schema.create(Schema.Type.STRING);
        assertThat(CompatibilityChecker.problems(unrelated, List.of(new ExistingSchema(1, V1)), CompatibilityLevel.NONE))
                .isEmpty();
        assertThat(CompatibilityChecker.problems(unrelated, List.of(), CompatibilityLevel.FULL_TRANSITIVE)).isEmpty();
    }

    @Test
    void plainLevelsLookOnlyAtTheLatestVersion() {
        List<ExistingSchema> existing = List.of(new ExistingSchema(1, NO_DEFAULT), new ExistingSchema(2, V1));
        // V1 reading NO_DEFAULT data is fine; reading V1 data with NO_DEFAULT as reader is not
        assertThat(CompatibilityChecker.problems(NO_DEFAULT, existing, CompatibilityLevel.BACKWARD)).isNotEmpty();
        assertThat(CompatibilityChecker.problems(V1, List.of(new ExistingSchema(1, NO_DEFAULT),
                new ExistingSchema(2, WITH_DEFAULT)), CompatibilityLevel.BACKWARD)).isEmpty();
    }

    @Test
    void levelNamesParseCaseInsensitivelyAndRejectUnknownOnes() {
        assertThat(CompatibilityLevel.parse("full_transitive")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThatThrownBy(() -> CompatibilityLevel.parse("LOOSE"))
                .isInstanceOfSatisfying(RegistryError.class, e -> assertThat(e.errorCode()).isEqualTo(42203));
    }
}
