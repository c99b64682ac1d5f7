package org.openclaw.oversight.connectors.timescale;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One multi-row upsert into a table, written so its text does not depend on the number of rows:
 *
 * <pre>{@code
 * INSERT INTO t ("a", "b", "updated_at")
 * SELECT u."a", u."b", now() FROM unnest(CAST(? AS text[]), CAST(? AS bigint[])) AS u("a", "b")
 * ON CONFLICT ("a") DO UPDATE SET "b" = EXCLUDED."b", "updated_at" = EXCLUDED."updated_at"
 * }</pre>
 *
 * <p>Each column of the batch is bound as one {@code text[]} parameter, so a statement has as many
 * parameters as the table has columns whatever the batch size (far below PostgreSQL's 65535), one
 * prepared statement serves every batch, and the server parses the values with each type's input
 * function. On PostgreSQL 15 this needs about half the server CPU per row of one {@code INSERT}
 * per row, and beat a {@code VALUES (...), (...)} list with a parameter per value and {@code COPY}
 * into a staging table at the default batch size. Built by {@link UpsertSink}.
 *
 * <p>PostgreSQL refuses a statement whose {@code DO UPDATE} touches a row twice, so the caller must
 * pass each key at most once per statement ({@link UpsertBuffer} does that).
 */
final class UpsertStatement<T> implements Serializable {

    private static final long serialVersionUID = 2L;

    /** One mapped column: its name, type and how to get its value from a record. */
    record Column<T>(String name, SqlColumnType type, ColumnValue<T, ?> value) implements Serializable {}

    private final String table;
    private final List<String> key;
    private final List<Column<T>> columns;
    private final List<String> nowColumns;
    private final boolean doNothing;
    private final int[] keyIndexes;
    private final String sql;

    UpsertStatement(String table, List<String> key, List<Column<T>> columns, List<String> nowColumns,
            boolean doNothing) {
        this.table = table;
        this.key = List.copyOf(key);
        this.columns = List.copyOf(columns);
        this.nowColumns = List.copyOf(nowColumns);
        this.doNothing = doNothing;
        this.keyIndexes = this.key.stream().mapToInt(k -> indexOf(this.columns, k)).toArray();
        this.sql = buildSql();
    }

    private static <T> int indexOf(List<Column<T>> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("Key column '" + name + "' has no column mapping");
    }

    private String buildSql() {
        List<String> targets = new ArrayList<>();
        List<String> selected = new ArrayList<>();
        List<String> arrays = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        for (Column<T> column : columns) {
            String name = quote(column.name());
            targets.add(name);
            aliases.add(name);
            if (column.type() == SqlColumnType.TEXT_ARRAY) {
                // unnest would flatten a text[][]; each row's array travels as its literal instead
                arrays.add("CAST(? AS text[])");
                selected.add("CAST(u." + name + " AS text[])");
            } else {
                arrays.add("CAST(? AS " + column.type().sqlName() + "[])");
                selected.add("u." + name);
            }
        }
        for (String now : nowColumns) {
            targets.add(quote(now));
            selected.add("now()");
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table)
                .append(" (").append(String.join(", ", targets)).append(")")
                .append(" SELECT ").append(String.join(", ", selected))
                .append(" FROM unnest(").append(String.join(", ", arrays)).append(") AS u(")
                .append(String.join(", ", aliases)).append(")")
                .append(" ON CONFLICT (")
                .append(key.stream().map(UpsertStatement::quote).collect(Collectors.joining(", ")))
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

    String query() {
        return sql;
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

    /** True if the first row written for a key wins ({@code DO NOTHING}), false if the last one does. */
    boolean firstWins() {
        return doNothing;
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

    /**
     * Binds {@code rows} (each key at most once) to {@code statement}, which must be
     * {@link #query()} prepared on {@code connection}.
     */
    void bind(Connection connection, PreparedStatement statement, List<T> rows) throws SQLException {
        int size = rows.size();
        for (int c = 0; c < columns.size(); c++) {
            Column<T> column = columns.get(c);
            String[] values = new String[size];
            for (int r = 0; r < size; r++) {
                Object value = column.value().apply(rows.get(r));
                values[r] = value == null ? null : column.type().text(value);
            }
            statement.setArray(c + 1, connection.createArrayOf("text", values));
        }
    }

    static String quote(String identifier) {
        return '"' + identifier + '"';
    }

    /** A row's key columns as text; equal keys are one row in the table. */
    record RowKey(String[] parts) {
        @Override
        public boolean equals(Object other) {
            return other instanceof RowKey that && java.util.Arrays.equals(parts, that.parts);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(parts);
        }

        @Override
        public String toString() {
            return "RowKey[" + parts.length + " columns]"; // never the values
        }
    }
}
