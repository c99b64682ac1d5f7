package org.openclaw.oversight.connectors.timescale;

import java.io.Serializable;
import java.util.function.Function;

/**
 * Extracts one column's value from a record. Serializable because the sink ships it to the task
 * managers: use method references ({@code AgentEventRow::tenantId}) or lambdas that capture only
 * serializable values.
 */
@FunctionalInterface
public interface ColumnValue<T, V> extends Function<T, V>, Serializable {}
