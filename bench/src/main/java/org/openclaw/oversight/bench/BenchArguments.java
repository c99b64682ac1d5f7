package org.openclaw.oversight.bench;

import java.util.Arrays;
import java.util.List;

/** The {@code --name value} options of every benchmark; an unknown option is an error, not ignored. */
public final class BenchArguments {

    private final List<String> args;
    private final List<String> known;

    public BenchArguments(String[] args, String... known) {
        this.args = Arrays.asList(args);
        this.known = Arrays.asList(known);
        for (String arg : args) {
            if (arg.startsWith("--") && !this.known.contains(arg)) {
                throw new IllegalArgumentException("unknown option " + arg + "; options: " + String.join(" ", known));
            }
        }
    }

    public long number(String name, long defaultValue) {
        String value = text(name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number, got '" + value + "'");
        }
    }

    public int integer(String name, int defaultValue) {
        return Math.toIntExact(number(name, defaultValue));
    }

    public String text(String name, String defaultValue) {
        int at = args.indexOf(name);
        if (at < 0) {
            return defaultValue;
        }
        if (at + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args.get(at + 1);
    }

    public boolean flag(String name) {
        return args.contains(name);
    }
}
