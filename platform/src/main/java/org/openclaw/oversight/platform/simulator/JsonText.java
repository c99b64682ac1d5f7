package org.openclaw.oversight.platform.simulator;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/** Writes maps, lists, strings, numbers and booleans as indented JSON; enough for the injection report. */
final class JsonText {
    private JsonText() {
    }

    static void write(Object value, StringBuilder out, int indent) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                pad(out, indent + 1);
                string(String.valueOf(e.getKey()), out);
                out.append(": ");
                write(e.getValue(), out, indent + 1);
                out.append(it.hasNext() ? ",\n" : "\n");
            }
            pad(out, indent);
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            boolean scalars = list.stream().noneMatch(v -> v instanceof Map || v instanceof Collection);
            if (list.isEmpty() || scalars) {
                // ids stay on one line so a report with thousands of them remains readable
                out.append('[');
                Iterator<?> it = list.iterator();
                while (it.hasNext()) {
                    write(it.next(), out, indent);
                    if (it.hasNext()) {
                        out.append(", ");
                    }
                }
                out.append(']');
                return;
            }
            out.append("[\n");
            Iterator<?> it = list.iterator();
            while (it.hasNext()) {
                pad(out, indent + 1);
                write(it.next(), out, indent + 1);
                out.append(it.hasNext() ? ",\n" : "\n");
            }
            pad(out, indent);
            out.append(']');
        } else {
            string(value.toString(), out);
        }
    }

    private static void pad(StringBuilder out, int indent) {
        out.append("  ".repeat(indent));
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
