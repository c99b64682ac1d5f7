package org.openclaw.oversight.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when one or more config files are invalid. It carries every error found, not only the
 * first, so an operator fixes a file in one round instead of one restart per typo.
 */
public final class ConfigException extends RuntimeException {

    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(describe(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }

    private static String describe(List<ConfigError> errors) {
        String header = errors.size() == 1 ? "invalid configuration:" : "invalid configuration (" + errors.size() + " errors):";
        return errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n", header + "\n", ""));
    }
}
