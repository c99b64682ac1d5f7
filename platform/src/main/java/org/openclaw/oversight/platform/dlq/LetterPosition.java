package org.openclaw.oversight.platform.dlq;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Letters named on the command line by their place on the DLQ topic: {@code PARTITION:OFFSET} or a
 * range {@code PARTITION:FROM-TO} (both ends included), as {@code oversight dlq list|show} print them.
 */
record LetterPosition(int partition, long from, long to) {

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,6}):(\\d{1,19})(?:-(\\d{1,19}))?");

    LetterPosition {
        if (to < from) {
            throw new IllegalArgumentException("range " + partition + ":" + from + "-" + to + " ends before it starts");
        }
    }

    static LetterPosition parse(String text) {
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a DLQ position; write PARTITION:OFFSET (e.g. 0:42)"
                    + " or PARTITION:FROM-TO (e.g. 0:40-49)");
        }
        long from = Long.parseLong(m.group(2));
        long to = m.group(3) == null ? from : Long.parseLong(m.group(3));
        return new LetterPosition(Integer.parseInt(m.group(1)), from, to);
    }

    boolean contains(int p, long offset) {
        return p == partition && offset >= from && offset <= to;
    }

    long size() {
        return to - from + 1;
    }

    @Override
    public String toString() {
        return partition + ":" + (from == to ? Long.toString(from) : from + "-" + to);
    }

    static final class Converter implements ITypeConverter<LetterPosition> {
        @Override
        public LetterPosition convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
