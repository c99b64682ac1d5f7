package org.openclaw.oversight.platform.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** The command-line forms of DLQ positions and of --since. */
class LetterPositionTest {

    @Test
    void aPositionAndARangeParse() {
        assertThat(LetterPosition.parse("2:42")).isEqualTo(new LetterPosition(2, 42, 42));
        LetterPosition range = LetterPosition.parse("0:40-49");
        assertThat(range.size()).isEqualTo(10);
        assertThat(range.contains(0, 40)).isTrue();
        assertThat(range.contains(0, 49)).isTrue();
        assertThat(range.contains(0, 50)).isFalse();
        assertThat(range.contains(1, 45)).isFalse();
        assertThat(range).hasToString("0:40-49");
    }

    @Test
    void anythingElseSaysTheForm() {
        assertThatThrownBy(() -> LetterPosition.parse("42")).hasMessageContaining("PARTITION:OFFSET (e.g. 0:42)");
        assertThatThrownBy(() -> LetterPosition.parse("0:9-3")).hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> new LetterPosition.Converter().convert("a:b")).isInstanceOf(TypeConversionException.class);
    }

    @Test
    void sinceTakesADurationBackAnInstantOrADate() {
        Instant now = Instant.parse("2026-03-10T12:00:00Z");
        SinceConverter since = new SinceConverter(Clock.fixed(now, ZoneOffset.UTC));
        assertThat(since.convert("24h")).isEqualTo(Instant.parse("2026-03-09T12:00:00Z"));
        assertThat(since.convert("7d")).isEqualTo(Instant.parse("2026-03-03T12:00:00Z"));
        assertThat(since.convert("2026-03-01T08:30:00+01:00")).isEqualTo(Instant.parse("2026-03-01T07:30:00Z"));
        assertThat(since.convert("2026-03-01")).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThatThrownBy(() -> since.convert("yesterday")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("neither a duration");
    }

    @Test
    void anActorMustBeAName() {
        assertThat(Actor.require("  INC-1234 alice ")).isEqualTo("INC-1234 alice");
        assertThatThrownBy(() -> Actor.require(" ")).hasMessageContaining("--by must name who does this");
        assertThatThrownBy(() -> Actor.require("alice\nbob")).hasMessageContaining("--by must name who does this");
    }
}
