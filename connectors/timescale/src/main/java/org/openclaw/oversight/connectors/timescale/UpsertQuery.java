package org.openclaw.oversight.connectors.timescale;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.connector.jdbc.datasource.statements.JdbcQueryStatement;

/**
 * One row's upsert, as flink-connector-jdbc runs it (one {@code addBatch} per record):
 *
 * <pre>{@code
 * INSERT INTO oversight.t ("a", "b", "attributes", "updated_at") VALUES (?, ?, CAST(? AS jsonb), now())
 * ON CONFLICT ("a") DO UPDATE SET "b" = EXCLUDED."b", "attributes" = EXCLUDED."attributes",
 *     "updated_at" = EXCLUDED."updated_at"
 * }</pre>
 *
 * Every value is bound with its type ({@link SqlColumnType}); {@code DO NOTHING} instead of the
 * update keeps the first row of a key (also when every column is part of the key). Built by
 * {@link JdbcUpsertSink.Builder}.
 */
final class UpsertQuery<T> implements JdbcQueryStatement<T>, Serializable {

    private static final long serialVersionUID = 1L;

    /** One mapped column: its name, type and how to get its value from a record. */
    record Column<T>(String name, SqlColumnType type, ColumnValue<T, ?> value) implements Serializable {}

    private final String table;
    private final List<Column<T>> columns;
    private final List<String> nowColumns;
    private final boolean doNothing;
    private final int[] keyIndexes;
    private final String sql;

    UpsertQuery(String table, List<String> key, List<Column<T>> columns, List<String> nowColumns, boolean doNothing) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.nowColumns = List.copyOf(nowColumns);
        this.doNothing = doNothing;
        this.keyIndexes = key.stream().mapToInt(this::indexOf).toArray();
        this.sql = buildSql(List.copyOf(key));
    }

    private int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("Key column '" + name + "' has no column mapping");
    }

    private String buildSql(List<String> key) {
        List<String> targets = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Column<T> column : columns) {
            targets.add(quote(column.name()));
            values.add(column.type().placeholder());
        }
        for (String now : nowColumns) {
            targets.add(quote(now));
            values.add("now()");
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table)
                .append(" (").append(String.join(", ", targets)).append(")")
                .append(" VALUES (").append(String.join(", ", values)).append(")")
                .append(" ON CONFLICT (").append(key.stream().map(UpsertQuery::quote).collect(Collectors.joining(", ")))
                .append(") DO ");
        Set<String> keySet = Set.copyOf(key);
        List<String> updated = new ArrayList<>();
        columns.stream().map(Column::name).filter(n -> !keySet.contains(n)).forEach(updated::add);
        updated.addAll(nowColumns);
        if (doNothing || updated.isEmpty()) {
            sql.append("NOTHING");
        } else {
            sql.append("UPDATE SET ").append(updated.stream()
                    .map(n -> quote(n) + " = EXCLUDED." + quote(n))
                    .collect(Collectors.joining(", ")));
        }
        return sql.toString();
    }

    @Override
    public String query() {
        return sql;
    }

    @Override
    public void statement(PreparedStatement statement, T record) throws SQLException {
        for (int c = 0; c < columns.size(); c++) {
            Column<T> column = columns.get(c);
            column.type().bind(statement, c + 1, column.value().apply(record));
        }
    }

    String table() {
        return table;
    }

    /** Every column the statement writes, including {@code now()} columns. */
    List<String> columnNames() {
        List<String> names = new ArrayList<>();
        columns.forEach(c -> names.add(c.name()));
        names.addAll(nowColumns);
        return names;
    }

    /** True for {@code DO NOTHING}: a key written twice in one multi-row statement is allowed then. */
    boolean doesNothingOnConflict() {
        return doNothing || columns.size() == keyIndexes.length && nowColumns.isEmpty();
    }

    /**
     * The key of {@code record} as PostgreSQL would compare it.
     *
     * @throws IllegalArgumentException if a key column is null; the message names the column and
     *     the record's type, never its values (they may be personal data)
     */
    RowKey keyOf(T record) {
        String[] parts = new String[keyIndexes.length];
        for (int i = 0; i < keyIndexes.length; i++) {
            Column<T> column = columns.get(keyIndexes[i]);
            Object value = column.value().apply(record);
            if (value == null) {
                throw new IllegalArgumentException("Key column '" + column.name() + "' of " + table + " is null in a "
                        + record.getClass().getSimpleName() + "; every key column needs a value — filter or "
                        + "repair such records before the sink.");
            }
            parts[i] = column.type().keyText(value);
        }
        return new RowKey(parts);
    }

    static String quote(String identifier) {
        return '"' + identifier + '"';
    }

    /** A row's key columns as text; equal keys are one row in the table. */
    record RowKey(String[] parts) {
        @Override
        public boolean equals(Object other) {
            return other instanceof RowKey that && Arrays.equals(parts, that.parts);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(parts);
        }

        @Override
        public String toString() {
            return "RowKey[" + parts.length + " columns]"; // never the values
        }
    }
}
