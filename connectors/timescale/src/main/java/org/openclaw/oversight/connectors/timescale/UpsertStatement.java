package org.openclaw.oversight.connectors.timescale;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.connector.jdbc.datasource.statements.JdbcQueryStatement;

/**
 * {@code INSERT INTO table (...) VALUES (...) ON CONFLICT (key) DO UPDATE SET c = EXCLUDED.c ...}
 * (or {@code DO NOTHING}) and the binding of one record to it. Built by {@link UpsertSink}.
 */
final class UpsertStatement<T> implements JdbcQueryStatement<T> {

    private static final long serialVersionUID = 1L;

    /** One bound column: its name, type and how to get its value from a record. */
    record Column<T>(String name, SqlColumnType type, ColumnValue<T, ?> value) implements Serializable {}

    private final String table;
    private final List<String> key;
    private final List<Column<T>> columns;
    private final List<String> nowColumns;
    private final boolean doNothing;
    private final String sql;

    UpsertStatement(String table, List<String> key, List<Column<T>> columns, List<String> nowColumns,
            boolean doNothing) {
        this.table = table;
        this.key = List.copyOf(key);
        this.columns = List.copyOf(columns);
        this.nowColumns = List.copyOf(nowColumns);
        this.doNothing = doNothing;
        this.sql = buildSql();
    }

    private String buildSql() {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (");
        String names = columns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
        String nows = nowColumns.stream().map(UpsertStatement::quote).collect(Collectors.joining(", "));
        sql.append(names);
        if (!nowColumns.isEmpty()) {
            sql.append(", ").append(nows);
        }
        sql.append(") VALUES (")
                .append(columns.stream().map(c -> c.type().placeholder()).collect(Collectors.joining(", ")));
        for (int i = 0; i < nowColumns.size(); i++) {
            sql.append(", now()");
        }
        sql.append(") ON CONFLICT (")
                .append(key.stream().map(UpsertStatement::quote).collect(Collectors.joining(", ")))
                .append(") DO ");
        Set<String> keySet = Set.copyOf(key);
        List<String> updated = new java.util.ArrayList<>();
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
        int index = 1;
        for (Column<T> column : columns) {
            Object value = column.value().apply(record);
            if (value != null) {
                column.type().bind(statement, index, value);
            } else if (key.contains(column.name())) {
                // never the record itself in the message: it may hold personal data
                throw new SQLException("Key column '" + column.name() + "' of " + table + " is null in a "
                        + record.getClass().getSimpleName() + "; every key column needs a value — filter or "
                        + "repair such records before the sink.", "23502");
            } else {
                column.type().bindNull(statement, index);
            }
            index++;
        }
    }

    static String quote(String identifier) {
        return '"' + identifier + '"';
    }
}
