package org.openclaw.oversight.platform.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.openclaw.oversight.config.ConfigError;
import org.openclaw.oversight.config.ConfigException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a scenario YAML file and validates it against the fleet; a problem is a
 * {@link ConfigException} naming file, line and key. Works on SnakeYAML's node tree rather than
 * on maps so that every error can name the line it comes from.
 *
 * <pre>
 * incidents:
 *   - type: cost_spike
 *     agent: sales-agent
 *     at: 30s
 *     duration: 60s
 *     params: {factor: 10}
 * </pre>
 */
public final class ScenarioLoader {
    /** Classpath location of the scenario used when no --scenario is given. */
    public static final String BUILT_IN_RESOURCE = "scenarios/built-in.yml";

    private static final Set<String> INCIDENT_KEYS = Set.of("type", "agent", "at", "duration", "params");

    private final Fleet fleet;

    public ScenarioLoader(Fleet fleet) {
        this.fleet = fleet;
    }

    public Scenario load(Path file) {
        String name = file.toString();
        try {
            return parse(name, Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw problem(name, 0, "", "file not found; check the --scenario path");
        } catch (IOException e) {
            throw problem(name, 0, "", "cannot read the file: " + e.getMessage());
        }
    }

    public Scenario loadBuiltIn() {
        try (InputStream in = ScenarioLoader.class.getClassLoader().getResourceAsStream(BUILT_IN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(BUILT_IN_RESOURCE + " is missing from the classpath; rebuild platform");
            }
            return parse("built-in:" + BUILT_IN_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + BUILT_IN_RESOURCE, e);
        }
    }

    public Scenario parse(String source, String yamlText) {
        Node root;
        try (Reader reader = new StringReader(yamlText)) {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw problem(source, line, "", "not valid YAML: " + e.getProblem());
        } catch (YAMLException | IOException e) {
            throw problem(source, 0, "", "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw problem(source, 1, "incidents", "the file is empty; it needs an 'incidents' list");
        }
        MappingNode top = mapping(source, root, "(top level)");
        Map<String, NodeTuple> topKeys = keys(source, top, Set.of("incidents"), "");
        NodeTuple incidentsTuple = topKeys.get("incidents");
        if (incidentsTuple == null) {
            throw problem(source, line(top), "incidents", "missing; list the incidents to inject");
        }
        if (!(incidentsTuple.getValueNode() instanceof SequenceNode list)) {
            throw problem(source, line(incidentsTuple.getValueNode()), "incidents",
                    "must be a list of incidents (lines starting with '- type: ...')");
        }
        List<Incident> incidents = new ArrayList<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            incidents.add(incident(source, list.getValue().get(i), "incidents[" + i + "]"));
        }
        return new Scenario(source, incidents);
    }

    private Incident incident(String source, Node node, String path) {
        MappingNode map = mapping(source, node, path);
        Map<String, NodeTuple> keys = keys(source, map, INCIDENT_KEYS, path + ".");
        String typeText = requiredScalar(source, map, keys, "type", path);
        IncidentType type = IncidentType.fromYaml(typeText).orElseThrow(() -> problem(source,
                line(keys.get("type").getValueNode()), path + ".type",
                "unknown incident type '" + typeText + "'; use one of " + IncidentType.allNames()));
        String agent = requiredScalar(source, map, keys, "agent", path);
        if (fleet.find(agent).isEmpty()) {
            throw problem(source, line(keys.get("agent").getValueNode()), path + ".agent",
                    "unknown agent '" + agent + "'; the fleet has " + String.join(", ", fleet.agentIds()));
        }
        long at = duration(source, keys.get("at"), requiredScalar(source, map, keys, "at", path), path + ".at", true);
        long duration;
        if (type.openEnded()) {
            if (keys.containsKey("duration")) {
                throw problem(source, line(keys.get("duration").getKeyNode()), path + ".duration",
                        type.yamlName() + " has no duration: the agent never comes back; remove the key");
            }
            duration = Incident.FOREVER;
        } else {
            duration = duration(source, keys.get("duration"), requiredScalar(source, map, keys, "duration", path),
                    path + ".duration", false);
        }
        Map<String, String> params = new LinkedHashMap<>();
        NodeTuple paramsTuple = keys.get("params");
        if (paramsTuple != null) {
            MappingNode paramMap = mapping(source, paramsTuple.getValueNode(), path + ".params");
            for (NodeTuple t : paramMap.getValue()) {
                String name = scalar(source, t.getKeyNode(), path + ".params");
                String key = path + ".params." + name;
                if (!type.paramNames().contains(name)) {
                    throw problem(source, line(t.getKeyNode()), key, "not a parameter of "
                            + type.yamlName() + "; known: " + (type.paramNames().isEmpty() ? "none"
                            : String.join(", ", new TreeSet<>(type.paramNames()))));
                }
                String value = scalar(source, t.getValueNode(), key);
                checkParam(source, t.getValueNode(), key, name, value);
                params.put(name, value);
            }
        }
        return new Incident(type, agent, at, duration, params);
    }

    private static void checkParam(String source, Node node, String key, String name, String value) {
        switch (name) {
            case "version", "model", "provider" -> {
                if (value.isBlank()) {
                    throw problem(source, line(node), key, "must not be empty");
                }
            }
            case "cascade_delay" -> duration(source, null, value, key, true, line(node));
            case "factor", "context_factor" -> number(source, node, key, value, 1.0, 1000.0);
            default -> number(source, node, key, value, 0.0, 1.0);
        }
    }

    private static void number(String source, Node node, String key, String value, double min, double max) {
        double d;
        try {
            d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw problem(source, line(node), key, "'" + value + "' is not a number");
        }
        if (d < min || d > max) {
            throw problem(source, line(node), key, value + " is outside " + min + ".." + max);
        }
    }

    private static long duration(String source, NodeTuple tuple, String text, String key, boolean zeroAllowed) {
        return duration(source, tuple, text, key, zeroAllowed, tuple == null ? 0 : line(tuple.getValueNode()));
    }

    private static long duration(String source, NodeTuple tuple, String text, String key, boolean zeroAllowed,
            int line) {
        long ms;
        try {
            ms = DurationText.parseMillis(text);
        } catch (IllegalArgumentException e) {
            throw problem(source, line, key, e.getMessage());
        }
        if (!zeroAllowed && ms <= 0) {
            throw problem(source, line, key, "must be longer than 0");
        }
        return ms;
    }

    private static String requiredScalar(String source, MappingNode map, Map<String, NodeTuple> keys, String key,
            String path) {
        NodeTuple t = keys.get(key);
        if (t == null) {
            throw problem(source, line(map), path + "." + key, "missing");
        }
        String value = scalar(source, t.getValueNode(), path + "." + key);
        if (value.isBlank()) {
            throw problem(source, line(t.getValueNode()), path + "." + key, "must not be empty");
        }
        return value;
    }

    private static Map<String, NodeTuple> keys(String source, MappingNode map, Set<String> allowed, String prefix) {
        Map<String, NodeTuple> keys = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String name = scalar(source, t.getKeyNode(), prefix + "(key)");
            if (!allowed.contains(name)) {
                throw problem(source, line(t.getKeyNode()), prefix + name,
                        "unknown key; allowed: " + String.join(", ", new TreeSet<>(allowed)));
            }
            if (keys.put(name, t) != null) {
                throw problem(source, line(t.getKeyNode()), prefix + name, "appears twice");
            }
        }
        return keys;
    }

    private static MappingNode mapping(String source, Node node, String key) {
        if (node instanceof MappingNode m) {
            return m;
        }
        throw problem(source, line(node), key, "must be a mapping of 'key: value' lines");
    }

    private static String scalar(String source, Node node, String key) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        throw problem(source, line(node), key, "must be a single value, not a list or mapping");
    }

    /** Scenario errors use the config files' error type, so they read like every other config error. */
    private static ConfigException problem(String file, int line, String key, String message) {
        return new ConfigException(List.of(new ConfigError(file, line, key, message)));
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
