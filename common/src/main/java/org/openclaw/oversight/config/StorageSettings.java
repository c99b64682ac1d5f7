package org.openclaw.oversight.config;

import java.io.Serializable;
import java.util.List;

/**
 * The {@code storage} section of oversight.yml.
 *
 * @param primary    relational store: {@code postgresql}
 * @param timeSeries time-series store: {@code timescaledb} (hypertables + retention policies) or plain
 *                   {@code postgresql} (same tables, retention by command)
 * @param retention  how long each kind of data is kept
 */
public record StorageSettings(String primary, String timeSeries, RetentionSettings retention) implements Serializable {

    public static final List<String> PRIMARY_STORES = List.of("postgresql");
    public static final List<String> TIME_SERIES_STORES = List.of("timescaledb", "postgresql");

    public static final StorageSettings DEFAULTS = new StorageSettings("postgresql", "timescaledb", RetentionSettings.DEFAULTS);
}
