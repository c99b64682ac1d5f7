package org.openclaw.oversight.connectors.kafka;

import java.io.Serializable;
import java.util.Optional;

/**
 * A job's own rule for records that decode but must not be processed (too large, missing
 * identity...). Rejected records are dead-lettered exactly like undecodable ones. Runs inside a
 * Flink operator, hence serializable.
 */
@FunctionalInterface
public interface RecordValidator<T> extends Serializable {

    /** Empty if the record is acceptable, otherwise why not. */
    Optional<Rejection> check(T record);
}
