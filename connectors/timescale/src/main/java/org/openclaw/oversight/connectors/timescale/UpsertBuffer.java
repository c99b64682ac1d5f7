package org.openclaw.oversight.connectors.timescale;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows a sink subtask has not written yet, one per key: a later record for a buffered key
 * replaces it (or, with {@code DO NOTHING}, is dropped), so a flush never touches a key twice —
 * PostgreSQL refuses that ("ON CONFLICT DO UPDATE command cannot affect row a second time") — and
 * rows rewritten many times between flushes cost one write.
 */
final class UpsertBuffer<T> {

    private final UpsertStatement<T> statement;
    private final Map<UpsertStatement.RowKey, T> rows = new LinkedHashMap<>();

    UpsertBuffer(UpsertStatement<T> statement) {
        this.statement = statement;
    }

    /** Buffers {@code record}; throws {@link IllegalArgumentException} if a key column is null. */
    void add(T record) {
        UpsertStatement.RowKey key = statement.keyOf(record);
        if (statement.firstWins()) {
            rows.putIfAbsent(key, record);
        } else {
            rows.put(key, record);
        }
    }

    int size() {
        return rows.size();
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The buffered rows in first-seen key order; the buffer is unchanged until {@link #clear()}. */
    List<T> rows() {
        return new ArrayList<>(rows.values());
    }

    void clear() {
        rows.clear();
    }
}
