package org.openclaw.oversight.connectors.timescale;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;

/** The PostgreSQL column types the upsert sink binds, each with its placeholder and setter. */
enum SqlColumnType {
    TEXT("?") {
        @Override
        void bind(PreparedStatement statement, int index, Object value) throws SQLException {
            statement.setString(index, value.toString()); // CharSequence: String or Avro Utf8
        }
    },
    BIGINT("?") {
        @Override
        void bind(PreparedStatement statement, int index, Object value) throws SQLException {
            statement.setLong(index, ((Number) value).longValue());
        }
    },
    INTEGER("?") {
        @Override
        void bind(PreparedStatement statement, int index, Object value) throws SQLException {
            statement.setInt(index, ((Number) value).intValue());
        }
    },
    DOUBLE_PRECISION("?") {
        @Override
        void bind(PreparedStatement statement, int index, Object value) throws SQLException {
            statement.setDouble(index, ((Number) value).doubleValue());
        }
    },
    NUMERIC("?") {
        @Override
        void bind(PreparedStatement statement, int index, Object value) throws SQLException {
            statement.setBigDecimal(index, (BigDecimal) value);
        }
    },
    BOOLEAN("?") {
        @Override
        void bind(PreparedStatement statement, int index, Object value) throws SQLException {
            statement.setBoolean(index, (Boolean) value);
        }
    },
    TIMESTAMPTZ("?") {
        @Override
        void bind(PreparedStatement statement, int index, Object value) throws SQLException {
            statement.setObject(index, ((Instant) value).atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        }
    },
    TEXT_ARRAY("?") {
        @Override
        void bind(PreparedStatement statement, int index, Object value) throws SQLException {
            Object[] elements = ((Collection<?>) value).stream().map(e -> e == null ? null : e.toString()).toArray();
            statement.setArray(index, statement.getConnection().createArrayOf("text", elements));
        }
    },
    // bound as text and cast by the server, so callers pass plain JSON strings
    JSONB("CAST(? AS jsonb)") {
        @Override
        void bind(PreparedStatement statement, int index, Object value) throws SQLException {
            statement.setString(index, value.toString());
        }
    };

    private final String placeholder;

    SqlColumnType(String placeholder) {
        this.placeholder = placeholder;
    }

    String placeholder() {
        return placeholder;
    }

    abstract void bind(PreparedStatement statement, int index, Object value) throws SQLException;

    void bindNull(PreparedStatement statement, int index) throws SQLException {
        statement.setNull(index, switch (this) {
            case TEXT, JSONB -> Types.VARCHAR;
            case BIGINT -> Types.BIGINT;
            case INTEGER -> Types.INTEGER;
            case DOUBLE_PRECISION -> Types.DOUBLE;
            case NUMERIC -> Types.NUMERIC;
            case BOOLEAN -> Types.BOOLEAN;
            case TIMESTAMPTZ -> Types.TIMESTAMP_WITH_TIMEZONE;
            case TEXT_ARRAY -> Types.ARRAY;
        });
    }
}
