package org.openclaw.oversight.connectors.timescale;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;

/**
 * The PostgreSQL column types the upsert sink writes, and how a Java value becomes the text
 * PostgreSQL parses for that type.
 *
 * <p>The sink sends every column of a batch as one {@code text[]} parameter and lets the server
 * cast it ({@code CAST(? AS bigint[])}), so each type here only needs a text form that PostgreSQL's
 * input function accepts. The same text, normalised by {@link #keyText}, identifies a row's key in
 * the sink's buffer: two values PostgreSQL would store as the same key must give the same key text,
 * or one statement would touch that row twice.
 */
enum SqlColumnType {
    TEXT("text") {
        @Override
        String text(Object value) {
            return value.toString(); // CharSequence: String or Avro Utf8
        }
    },
    BIGINT("bigint") {
        @Override
        String text(Object value) {
            return Long.toString(((Number) value).longValue());
        }
    },
    INTEGER("integer") {
        @Override
        String text(Object value) {
            return Integer.toString(((Number) value).intValue());
        }
    },
    DOUBLE_PRECISION("double precision") {
        @Override
        String text(Object value) {
            // Double.toString gives "1.0E10", "NaN", "Infinity": all valid float8 input
            return Double.toString(((Number) value).doubleValue());
        }

        @Override
        String keyText(Object value) {
            double d = ((Number) value).doubleValue();
            return Double.toString(d == 0.0 ? 0.0 : d); // -0.0 = 0.0 in PostgreSQL
        }
    },
    NUMERIC("numeric") {
        @Override
        String text(Object value) {
            return ((BigDecimal) value).toPlainString();
        }

        @Override
        String keyText(Object value) {
            BigDecimal d = (BigDecimal) value;
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString(); // 1.0 = 1.00 in PostgreSQL
        }
    },
    BOOLEAN("boolean") {
        @Override
        String text(Object value) {
            return ((Boolean) value) ? "true" : "false";
        }
    },
    TIMESTAMPTZ("timestamptz") {
        @Override
        String text(Object value) {
            // PostgreSQL keeps microseconds; rounding here (not on the server) makes the key text
            // exactly the stored value. ISO-8601 with 'Z' is valid timestamptz input.
            Instant instant = (Instant) value;
            long nanos = instant.getNano() % 1_000;
            Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
            return (nanos >= 500 ? micros.plusNanos(1_000) : micros).toString();
        }
    },
    TEXT_ARRAY("text[]") {
        @Override
        String text(Object value) {
            // a text[] literal, itself one element of the column's text[] parameter, cast per row
            StringBuilder literal = new StringBuilder("{");
            for (Object element : (Collection<?>) value) {
                if (literal.length() > 1) {
                    literal.append(',');
                }
                if (element == null) {
                    literal.append("NULL");
                } else {
                    literal.append('"');
                    String s = element.toString();
                    for (int i = 0; i < s.length(); i++) {
                        char c = s.charAt(i);
                        if (c == '"' || c == '\\') {
                            literal.append('\\');
                        }
                        literal.append(c);
                    }
                    literal.append('"');
                }
            }
            return literal.append('}').toString();
        }
    },
    // callers pass plain JSON strings; the server parses them (invalid JSON fails the write)
    JSONB("jsonb") {
        @Override
        String text(Object value) {
            return value.toString();
        }
    };

    private final String sqlName;

    SqlColumnType(String sqlName) {
        this.sqlName = sqlName;
    }

    /** The type's name in SQL, e.g. {@code double precision}. */
    String sqlName() {
        return sqlName;
    }

    /** The text PostgreSQL's input function for this type parses into {@code value} (not null). */
    abstract String text(Object value);

    /** Equal for exactly the values PostgreSQL treats as the same key. */
    String keyText(Object value) {
        return text(value);
    }
}
