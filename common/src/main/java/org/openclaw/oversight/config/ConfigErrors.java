package org.openclaw.oversight.config;

import java.util.ArrayList;
import java.util.List;

/** Collects the errors of one file while it is read, so all of them can be reported together. */
public final class ConfigErrors {

    private final String file;
    private final List<ConfigError> errors = new ArrayList<>();

    public ConfigErrors(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    public void add(int line, String keyPath, String message) {
        errors.add(new ConfigError(file, line, keyPath, message));
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** The errors in line order (a reader fixes a file top to bottom), same-line errors in the order found. */
    public List<ConfigError> list() {
        return errors.stream().sorted(java.util.Comparator.comparingInt(ConfigError::line)).toList();
    }

    /** Throws a {@link ConfigException} with every error collected so far, if there is any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ConfigException(list());
        }
    }
}
