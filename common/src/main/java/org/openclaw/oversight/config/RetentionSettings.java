package org.openclaw.oversight.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How long data is kept (seed defaults): raw traces 90d, aggregates 365d, compliance data (PII findings,
 * policy violations, incidents, audit log) 1095d — three years. Dead letters (the {@code oversight.dlq.v1}
 * topic's retention) 7d: they hold raw, if encrypted, records, so they are kept only long enough for
 * someone to fix the cause and replay them.
 */
public record RetentionSettings(Duration rawTraces, Duration aggregated, Duration complianceLogs, Duration deadLetters)
        implements Serializable {

    public static final RetentionSettings DEFAULTS =
            new RetentionSettings(Duration.ofDays(90), Duration.ofDays(365), Duration.ofDays(1095), Duration.ofDays(7));

    /** Shorter than this, letters could expire before on-call has looked at them. */
    public static final Duration MIN_DEAD_LETTERS = Duration.ofHours(1);
}
