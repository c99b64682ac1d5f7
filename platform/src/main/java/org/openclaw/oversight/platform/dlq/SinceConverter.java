package org.openclaw.oversight.platform.dlq;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.openclaw.oversight.config.DurationSyntax;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --since}: a duration back from now ({@code 24h}, {@code 7d}), an ISO-8601 instant
 * ({@code 2026-03-01T12:00:00Z}, or with an offset) or a date ({@code 2026-03-01}, midnight UTC).
 */
final class SinceConverter implements ITypeConverter<Instant> {

    private final Clock clock;

    SinceConverter() {
        this(Clock.systemUTC());
    }

    SinceConverter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant convert(String value) {
        String text = value.trim();
        var back = DurationSyntax.parse(text);
        if (back.isPresent()) {
            return clock.instant().minus(back.get());
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                throw new TypeConversionException("'" + value + "' is neither a duration back from now (24h, 7d), "
                        + "an ISO-8601 time (2026-03-01T12:00:00Z) nor a date (2026-03-01)");
            }
        }
    }
}
