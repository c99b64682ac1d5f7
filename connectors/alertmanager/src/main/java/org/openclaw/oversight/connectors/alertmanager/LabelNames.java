package org.openclaw.oversight.connectors.alertmanager;

/**
 * Turns arbitrary map keys into valid Prometheus/Alertmanager label names
 * ({@code [a-zA-Z_][a-zA-Z0-9_]*}, names starting with {@code __} are reserved). An invalid name
 * would make Alertmanager reject the whole alert, so keys are repaired instead of dropped.
 */
public final class LabelNames {

    private LabelNames() {}

    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.startsWith("__")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            boolean digit = c >= '0' && c <= '9';
            if (!(letter || (digit && i > 0))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code "tool.name"} -> {@code "tool_name"}, {@code "9lives"} -> {@code "_9lives"},
     * {@code "__meta"} -> {@code "meta"}; returns null for a key with nothing usable in it.
     */
    public static String sanitize(String key) {
        if (key == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(key.length() + 1);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            out.append(ok ? c : '_');
        }
        // reserved "__" prefix: strip the leading underscores
        int start = 0;
        if (out.length() > 1 && out.charAt(0) == '_' && out.charAt(1) == '_') {
            while (start < out.length() && out.charAt(start) == '_') {
                start++;
            }
        }
        String name = out.substring(start);
        if (name.isEmpty() || name.chars().allMatch(ch -> ch == '_')) {
            return null;
        }
        if (name.charAt(0) >= '0' && name.charAt(0) <= '9') {
            name = "_" + name;
        }
        return name;
    }
}
