package org.openclaw.oversight.connectors.timescale;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;

/**
 * The PostgreSQL column types the upsert sink writes: how a Java value is bound to its {@code ?}
 * (typed, so the server never parses a value from text and never quotes one in an error), and
 * its key text for {@link UpsertQuery#keyOf}.
 *
 * <p>The key text must be equal for exactly the values PostgreSQL stores as the same key: the
 * writer uses it to keep a rewritten (multi-row) batch from touching a key twice, which
 * PostgreSQL refuses.
 */
enum SqlColumnType {
    TEXT(Types.VARCHAR) {
        @Override
        void bindValue(PreparedStatement statement, int index, Object value) throws SQLException {
            statement.setString(index, value.toString()); // CharSequence: String or Avro Utf8
        }
    },
    BIGINT(Types.BIGINT) {
        @Override
        void bindValue(PreparedStatement statement, int index, Object value) throws SQLException {
            statement.setLong(index, ((Number) value).longValue());
        }
    },
    INTEGER(Types.INTEGER) {
        @Override
        void bindValue(PreparedStatement statement, int index, Object value) throws SQLException {
            statement.setInt(index, ((Number) value).intValue());
        }
    },
    DOUBLE_PRECISION(Types.DOUBLE) {
        @Override
        void bindValue(PreparedStatement statement, int index, Object value) throws SQLException {
            statement.setDouble(index, ((Number) value).doubleValue());
        }

        @Override
        String keyText(Object value) {
            double d = ((Number) value).doubleValue();
            return Double.toString(d == 0.0 ? 0.0 : d); // -0.0 = 0.0 in PostgreSQL
        }
    },
    NUMERIC(Types.NUMERIC) {
        @Override
        void bindValue(PreparedStatement statement, int index, Object value) throws SQLException {
            statement.setBigDecimal(index, (BigDecimal) value);
        }

        @Override
        String keyText(Object value) {
            BigDecimal d = (BigDecimal) value;
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString(); // 1.0 = 1.00 in PostgreSQL
        }
    },
    BOOLEAN(Types.BOOLEAN) {
        @Override
        void bindValue(PreparedStatement statement, int index, Object value) throws SQLException {
            statement.setBoolean(index, (Boolean) value);
        }
    },
    TIMESTAMPTZ(Types.TIMESTAMP_WITH_TIMEZONE) {
        @Override
        void bindValue(PreparedStatement statement, int index, Object value) throws SQLException {
            statement.setObject(index, OffsetDateTime.ofInstant(micros((Instant) value), ZoneOffset.UTC));
        }

        @Override
        String keyText(Object value) {
            return micros((Instant) value).toString();
        }
    },
    TEXT_ARRAY(Types.ARRAY) {
        @Override
        void bindValue(PreparedStatement statement, int index, Object value) throws SQLException {
            Collection<?> collection = (Collection<?>) value;
            String[] elements = new String[collection.size()];
            int i = 0;
            for (Object element : collection) {
                elements[i++] = element == null ? null : element.toString(); // String or Avro Utf8
            }
            statement.setArray(index, statement.getConnection().createArrayOf("text", elements));
        }
    },
    // a JSON string, parsed by the server: invalid JSON fails the write (its DETAIL, which quotes the
    // bad token, is not sent with logServerErrorDetail=false)
    JSONB(Types.VARCHAR, "CAST(? AS jsonb)") {
        @Override
        void bindValue(PreparedStatement statement, int index, Object value) throws SQLException {
            statement.setString(index, value.toString());
        }
    };

    private final int jdbcType;
    private final String placeholder;

    SqlColumnType(int jdbcType) {
        this(jdbcType, "?");
    }

    SqlColumnType(int jdbcType, String placeholder) {
        this.jdbcType = jdbcType;
        this.placeholder = placeholder;
    }

    /** What stands for the value in {@code VALUES (...)}. */
    String placeholder() {
        return placeholder;
    }

    /** Binds {@code value} (may be null) to parameter {@code index}. */
    void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, jdbcType);
        } else {
            bindValue(statement, index, value);
        }
    }

    abstract void bindValue(PreparedStatement statement, int index, Object value) throws SQLException;

    /** Equal for exactly the values PostgreSQL treats as the same key (value not null). */
    String keyText(Object value) {
        return value.toString();
    }

    // PostgreSQL keeps microseconds; rounding here (not in the driver or on the server) makes the key
    // text exactly the stored value
    private static Instant micros(Instant instant) {
        long nanos = instant.getNano() % 1_000;
        Instant truncated = instant.truncatedTo(ChronoUnit.MICROS);
        return nanos >= 500 ? truncated.plusNanos(1_000) : truncated;
    }
}
