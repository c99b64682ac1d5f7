package org.openclaw.oversight.config;

import java.io.Serializable;

/**
 * One problem found in a config file, located precisely enough to fix it without searching:
 * {@code config/policies.yml:14: key 'policies.high_risk.inherits': unknown parent 'customer_facin' (known: ...)}.
 *
 * @param file    the file as the user named it (relative paths stay relative)
 * @param line    1-based line number, or 0 when the problem concerns the whole file
 * @param keyPath dotted key path such as {@code agents[2].sample_rate}, or "" for the whole file
 * @param message what is wrong and, where it helps, what is allowed
 */
public record ConfigError(String file, int line, String keyPath, String message) implements Serializable {

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (!keyPath.isEmpty()) {
            text.append("key '").append(keyPath).append("': ");
        }
        return text.append(message).toString();
    }
}
