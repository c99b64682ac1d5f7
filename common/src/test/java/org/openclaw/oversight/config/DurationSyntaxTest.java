package org.openclaw.oversight.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationSyntaxTest {

    @Test
    void parsesEveryUnit() {
        assertThat(DurationSyntax.parse("5000ms")).hasValue(Duration.ofMillis(5000));
        assertThat(DurationSyntax.parse("5s")).hasValue(Duration.ofSeconds(5));
        assertThat(DurationSyntax.parse("15m")).hasValue(Duration.ofMinutes(15));
        assertThat(DurationSyntax.parse("2h")).hasValue(Duration.ofHours(2));
        assertThat(DurationSyntax.parse("1095d")).hasValue(Duration.ofDays(1095));
        assertThat(DurationSyntax.parse("2w")).hasValue(Duration.ofDays(14));
        assertThat(DurationSyntax.parse("5y")).hasValue(Duration.ofDays(1825));
    }

    @Test
    void rejectsWhatIsNotOneNumberAndOneUnit() {
        assertThat(DurationSyntax.parse("5")).isEmpty();
        assertThat(DurationSyntax.parse("5 s")).isEmpty();
        assertThat(DurationSyntax.parse("1.5h")).isEmpty();
        assertThat(DurationSyntax.parse("1h30m")).isEmpty();
        assertThat(DurationSyntax.parse("-5s")).isEmpty();
        assertThat(DurationSyntax.parse("5S")).isEmpty();
        assertThat(DurationSyntax.parse("9999999999d")).isEmpty();
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertThat(DurationSyntax.format(Duration.ofDays(1825))).isEqualTo("5y");
        assertThat(DurationSyntax.format(Duration.ofDays(1095))).isEqualTo("3y");
        assertThat(DurationSyntax.format(Duration.ofDays(90))).isEqualTo("90d");
        assertThat(DurationSyntax.format(Duration.ofMillis(5000))).isEqualTo("5s");
        assertThat(DurationSyntax.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }
}
