package org.openclaw.oversight.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How long data is kept (seed defaults): raw traces 90d, aggregates 365d, compliance data (PII findings,
 * policy violations, incidents, audit log) 1095d — three years.
 */
public record RetentionSettings(Duration rawTraces, Duration aggregated, Duration complianceLogs) implements Serializable {

    public static final RetentionSettings DEFAULTS =
            new RetentionSettings(Duration.ofDays(90), Duration.ofDays(365), Duration.ofDays(1095));
}
