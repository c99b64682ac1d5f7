package org.openclaw.oversight.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A YAML mapping being read. It remembers which keys the reader asked for, so that after reading,
 * {@link #rejectUnknownKeys()} reports every key nobody asked for — the typo'd key that would otherwise
 * be silently ignored while its default applies. Duplicate keys are reported when the mapping is opened
 * (SnakeYAML's own duplicate check runs only when constructing Java objects, not when composing nodes).
 */
public final class ConfigMapping {

    private final String path;
    private final int line;
    private final ConfigErrors errors;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> asked = new LinkedHashSet<>();

    ConfigMapping(MappingNode node, String path, int line, ConfigErrors errors) {
        this.path = path;
        this.line = line;
        this.errors = errors;
        for (NodeTuple tuple : node.getValue()) {
            int keyLine = tuple.getKeyNode().getStartMark().getLine() + 1;
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                errors.add(keyLine, path, "keys must be plain names, not lists or mappings");
                continue;
            }
            NodeTuple first = entries.putIfAbsent(key.getValue(), tuple);
            if (first != null) {
                int firstLine = first.getKeyNode().getStartMark().getLine() + 1;
                errors.add(keyLine, child(key.getValue()), "duplicate key (first defined at line " + firstLine + ")");
            }
        }
    }

    public String path() {
        return path;
    }

    /** The line of the key that introduced this mapping (or of its first entry at the top of a file). */
    public int line() {
        return line;
    }

    public ConfigErrors errors() {
        return errors;
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The value of an optional key; empty if the key is absent or has no value ({@code key:} or {@code key: ~}). */
    public Optional<ConfigNode> get(String key) {
        asked.add(key);
        return Optional.ofNullable(entries.get(key)).map(tuple -> node(key, tuple)).filter(node -> !node.isNull());
    }

    /** The value of a required key; records an error and returns empty when it is absent or has no value. */
    public Optional<ConfigNode> require(String key) {
        asked.add(key);
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            errors.add(line, child(key), "missing required key");
            return Optional.empty();
        }
        ConfigNode node = node(key, tuple);
        if (node.isNull()) {
            node.error("missing value");
            return Optional.empty();
        }
        return Optional.of(node);
    }

    /** A required value read with {@code reader} (e.g. {@code ConfigNode::string}). */
    public <T> Optional<T> value(String key, Function<ConfigNode, Optional<T>> reader) {
        return require(key).flatMap(reader);
    }

    /**
     * An optional value read with {@code reader}, or {@code defaultValue} when absent. An invalid value
     * also yields the default, but its error is recorded, so the file is rejected anyway.
     */
    public <T> T valueOr(String key, Function<ConfigNode, Optional<T>> reader, T defaultValue) {
        return get(key).flatMap(reader).orElse(defaultValue);
    }

    /** Every entry, in file order, for mappings whose keys are names chosen by the user (policy nodes, rules). */
    public List<ConfigNode> entries() {
        List<ConfigNode> nodes = new ArrayList<>();
        entries.forEach((key, tuple) -> {
            asked.add(key);
            nodes.add(node(key, tuple));
        });
        return nodes;
    }

    /** Records an error for every key that no reader asked for. Call after reading all known keys. */
    public void rejectUnknownKeys() {
        entries.forEach((key, tuple) -> {
            if (!asked.contains(key)) {
                errors.add(tuple.getKeyNode().getStartMark().getLine() + 1, child(key),
                        "unknown key" + NameSuggestion.knownNames(key, asked));
            }
        });
    }

    private ConfigNode node(String key, NodeTuple tuple) {
        return new ConfigNode(tuple.getValueNode(), key, child(key), tuple.getKeyNode().getStartMark().getLine() + 1, errors);
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
