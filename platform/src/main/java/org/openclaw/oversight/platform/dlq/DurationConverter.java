package org.openclaw.oversight.platform.dlq;

import java.time.Duration;
import org.openclaw.oversight.config.DurationSyntax;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A command-line duration in the notation of the config files ({@code 30s}, {@code 24h}, {@code 7d}). */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return DurationSyntax.parse(value).filter(d -> !d.isZero())
                .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a duration; " + DurationSyntax.HELP));
    }
}
