package org.openclaw.oversight.config;

/** An enum whose constants are written in config files under a name of their own (e.g. {@code real-time}). */
public interface ConfigChoice {

    String configName();
}
