package org.openclaw.oversight.platform.stack;

import java.util.List;

/** Names of the local stack's components, in start order (`down` stops them in reverse). */
public final class StackComponents {
    public static final String KAFKA = "kafka";
    public static final String SCHEMA_REGISTRY = "schema-registry";
    public static final String POSTGRESQL = "postgresql";
    public static final String ALERTMANAGER = "alertmanager";
    public static final String PROMETHEUS = "prometheus";

    public static final List<String> START_ORDER = List.of(KAFKA, SCHEMA_REGISTRY, POSTGRESQL, ALERTMANAGER, PROMETHEUS);

    private StackComponents() {}
}
