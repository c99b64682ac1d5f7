package org.openclaw.oversight.platform.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of our modules a class was loaded from, told by its location (a module's
 * {@code target/classes} folder in a reactor build, its jar otherwise), so a new job module is
 * covered by the rules without editing them.
 */
record ModuleOf(String group, String name) {

    private static final Pattern FOLDER = Pattern.compile(
            "/(jobs|connectors|localstack)/([^/]+)/target/classes/|/(common|schemas|platform|bench|localstack)/target/classes/");
    private static final Pattern JAR = Pattern.compile(
            "/oversight-(job|connectors)-([a-z-]+?)-\\d[^/]*\\.jar|/oversight-(common|schemas|platform|bench|localstack|schema-registry|kafka-broker)-\\d[^/]*\\.jar");

    static Optional<ModuleOf> of(JavaClass type) {
        return type.getSource().flatMap(source -> of(source.getUri().toString()));
    }

    static Optional<ModuleOf> of(String location) {
        Matcher folder = FOLDER.matcher(location);
        if (folder.find()) {
            return Optional.of(folder.group(1) != null ? new ModuleOf(folder.group(1), folder.group(2))
                    : new ModuleOf(folder.group(3), folder.group(3)));
        }
        Matcher jar = JAR.matcher(location);
        if (jar.find()) {
            if (jar.group(1) != null) {
                return Optional.of(new ModuleOf(jar.group(1).equals("job") ? "jobs" : "connectors", jar.group(2)));
            }
            String module = jar.group(3);
            return Optional.of(module.equals("schema-registry") || module.equals("kafka-broker")
                    ? new ModuleOf("localstack", module) : new ModuleOf(module, module));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return group.equals(name) ? group : group + "/" + name;
    }
}
