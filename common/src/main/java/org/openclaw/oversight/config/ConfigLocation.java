package org.openclaw.oversight.config;

import java.io.Serializable;

/**
 * Where a setting came from, so a message about its effect (not an error in the file) can still point
 * at the line to change: {@code config/oversight.yml:12: ingestion.event_time.max_ahead}.
 *
 * @param file    the file as the user named it
 * @param line    1-based line of the value, or 0 when the key is not in the file and its default applies
 * @param keyPath dotted key path
 */
public record ConfigLocation(String file, int line, String keyPath) implements Serializable {

    /** A key that is not written in {@code file}: its default applies. */
    public static ConfigLocation unset(String file, String keyPath) {
        return new ConfigLocation(file, 0, keyPath);
    }

    public boolean isSet() {
        return line > 0;
    }

    @Override
    public String toString() {
        return isSet() ? file + ":" + line + ": " + keyPath
                : file + ": " + keyPath + " (not set, the default applies)";
    }
}
