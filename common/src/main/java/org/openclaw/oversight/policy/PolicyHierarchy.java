package org.openclaw.oversight.policy;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.openclaw.oversight.config.ConfigErrors;
import org.openclaw.oversight.config.ConfigException;
import org.openclaw.oversight.config.ConfigMapping;
import org.openclaw.oversight.config.ConfigNode;
import org.openclaw.oversight.config.NameSuggestion;
import org.openclaw.oversight.config.YamlFile;

/**
 * The policy hierarchy of policies.yml: {@code global} at the root, categories below it, agent-specific
 * nodes at the leaves. Loading validates the whole file (unknown keys and rules, parameter types,
 * unknown parents, cycles) and precomputes every node's {@link EffectiveRules}, so lookups during event
 * processing are a map access. Immutable and serializable, so Flink functions can carry it.
 */
public final class PolicyHierarchy implements Serializable {

    /** The root node: it applies to all agents, so it exists and inherits from nothing. */
    public static final String ROOT = "global";

    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    private final Map<String, PolicyNode> nodes;
    private final Map<String, EffectiveRules> effective;
    private final String declaredVersion;
    private final EnforcementSettings enforcement;
    private String contentHash = "";

    private PolicyHierarchy(Map<String, PolicyNode> nodes, String declaredVersion, EnforcementSettings enforcement) {
        this.declaredVersion = declaredVersion;
        this.enforcement = enforcement;
        this.nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        Map<String, EffectiveRules> resolved = new LinkedHashMap<>();
        nodes.keySet().forEach(name -> resolved.put(name, resolve(name)));
        this.effective = Collections.unmodifiableMap(resolved);
    }

    /** Loads and validates policies.yml; throws {@link ConfigException} listing every error in the file. */
    public static PolicyHierarchy load(Path file) {
        ConfigErrors errors = new ConfigErrors(file.toString());
        Optional<PolicyHierarchy> hierarchy = YamlFile.read(file, errors).flatMap(root -> read(root, errors));
        errors.throwIfAny();
        PolicyHierarchy loaded = hierarchy.orElseThrow();
        try {
            loaded.contentHash = sha256(java.nio.file.Files.readAllBytes(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file + " again to hash it", e);
        }
        return loaded;
    }

    /** Parses a policy document given as text (e.g. pushed on oversight.policies.v1); {@code source} names it in errors. */
    public static PolicyHierarchy parse(String yaml, String source) {
        ConfigErrors errors = new ConfigErrors(source);
        Optional<PolicyHierarchy> hierarchy = YamlFile.parse(yaml, errors).flatMap(root -> read(root, errors));
        errors.throwIfAny();
        PolicyHierarchy parsed = hierarchy.orElseThrow();
        parsed.contentHash = sha256(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return parsed;
    }

    /** SHA-256 of the document's bytes, hex: what the audit log records for a push. */
    public String contentHash() {
        return contentHash;
    }

    /**
     * The version violations are judged by: the document's {@code version} key, else {@code sha256:} and the
     * first 12 hex digits of its content, so two different documents never share a version.
     */
    public String version() {
        return declaredVersion != null ? declaredVersion : "sha256:" + contentHash.substring(0, Math.min(12, contentHash.length()));
    }

    /** The {@code enforcement} section: phrases, waits, severities, inference patterns, compliance zones. */
    public EnforcementSettings enforcement() {
        return enforcement;
    }

    static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The node names written in a policies file, without validating it: lets other files' references be
     * checked even when the hierarchy itself has errors. Empty when the file cannot be read at all.
     */
    public static Set<String> declaredNodes(Path file) {
        ConfigErrors ignored = new ConfigErrors(file.toString());
        Set<String> names = new java.util.LinkedHashSet<>();
        YamlFile.read(file, ignored).flatMap(root -> root.get("policies")).filter(ConfigNode::isMapping)
                .flatMap(ConfigNode::mapping).ifPresent(policies -> policies.entries().forEach(node -> names.add(node.key())));
        return names;
    }

    /** Node names in file order. */
    public Set<String> names() {
        return nodes.keySet();
    }

    public boolean contains(String node) {
        return nodes.containsKey(node);
    }

    public List<PolicyNode> nodes() {
        return List.copyOf(nodes.values());
    }

    public Optional<PolicyNode> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    /**
     * The node that governs an agent: the category oversight.yml assigns it ({@code agents[].category}) when this
     * document has that node, else a node named after the agent itself, else {@link #ROOT}. A pushed document
     * without an agent's category thus still governs it by its agent-specific node or the global rules.
     */
    public String nodeFor(String agentId, String configuredCategory) {
        if (configuredCategory != null && nodes.containsKey(configuredCategory)) {
            return configuredCategory;
        }
        return agentId != null && nodes.containsKey(agentId) ? agentId : ROOT;
    }

    /** The rules in force for {@code node} after inheritance; throws for a node that does not exist. */
    public EffectiveRules effectiveRules(String node) {
        EffectiveRules rules = effective.get(node);
        if (rules == null) {
            throw new IllegalArgumentException("unknown policy node '" + node + "' (known: " + String.join(", ", nodes.keySet()) + ")");
        }
        return rules;
    }

    private EffectiveRules resolve(String name) {
        List<String> lineage = new ArrayList<>();
        for (String at = name; at != null; at = nodes.get(at).parent()) {
            lineage.add(0, at);
        }
        Map<RuleKind, RuleSetting> rules = new LinkedHashMap<>();
        for (String ancestor : lineage) {
            // put() keeps the first position of a rule but takes the nearer node's setting: the override.
            nodes.get(ancestor).rules().forEach(rules::put);
        }
        return new EffectiveRules(name, lineage, rules);
    }

    /** Where a node's {@code inherits} was written, for errors found after the whole file was read. */
    private record Parent(String name, int line, String path) {
    }

    private static Optional<PolicyHierarchy> read(ConfigMapping root, ConfigErrors errors) {
        Optional<ConfigMapping> policies = root.value("policies", ConfigNode::mapping);
        String version = root.get("version").flatMap(ConfigNode::string).orElse(null);
        EnforcementSettings enforcement = root.get("enforcement").flatMap(ConfigNode::mapping)
                .map(EnforcementSettings::read).orElse(EnforcementSettings.DEFAULTS);
        root.rejectUnknownKeys();
        if (policies.isEmpty()) {
            return Optional.empty();
        }
        Map<String, PolicyNode> nodes = new LinkedHashMap<>();
        Map<String, Parent> parents = new LinkedHashMap<>();
        Map<String, ConfigNode> nodeKeys = new LinkedHashMap<>();
        Set<String> unreadableParent = new HashSet<>();
        for (ConfigNode entry : policies.get().entries()) {
            String name = entry.key();
            nodeKeys.put(name, entry);
            if (!NODE_NAME.matcher(name).matches()) {
                entry.error("invalid node name: use letters, digits, '_' and '-'");
            }
            Optional<ConfigMapping> body = entry.mapping();
            if (body.isEmpty()) {
                continue;
            }
            Optional<ConfigNode> inherits = body.get().get("inherits");
            String parent = inherits.flatMap(ConfigNode::string).orElse(null);
            inherits.filter(node -> parent != null).ifPresent(node -> parents.put(name, new Parent(parent, node.line(), node.path())));
            if (inherits.isPresent() && parent == null) {
                unreadableParent.add(name);
            }
            Map<RuleKind, RuleSetting> rules = new LinkedHashMap<>();
            body.get().get("rules").flatMap(ConfigNode::mapping).ifPresent(ruleMap -> readRules(name, ruleMap, rules));
            body.get().rejectUnknownKeys();
            nodes.put(name, new PolicyNode(name, parent, rules, entry.line()));
        }
        checkStructure(policies.get(), nodes, parents, nodeKeys, unreadableParent, errors);
        return errors.isEmpty() ? Optional.of(new PolicyHierarchy(nodes, version, enforcement)) : Optional.empty();
    }

    private static void readRules(String nodeName, ConfigMapping ruleMap, Map<RuleKind, RuleSetting> rules) {
        for (ConfigNode entry : ruleMap.entries()) {
            Optional<RuleKind> kind = RuleKind.byConfigName(entry.key());
            if (kind.isEmpty()) {
                entry.error("unknown rule" + NameSuggestion.knownNames(entry.key(), RuleKind.configNames()));
                continue;
            }
            if (entry.isNull()) {
                entry.error("missing value: rule " + entry.key() + " takes " + kind.get().parameter().expected());
                continue;
            }
            Optional<?> value = switch (kind.get().parameter()) {
                case FLAG -> entry.bool();
                case EUR -> entry.number(0, Double.POSITIVE_INFINITY);
                case FRACTION -> entry.number(0, 1);
                case DURATION -> entry.duration();
            };
            value.ifPresent(v -> rules.put(kind.get(), new RuleSetting(kind.get(), v, nodeName, entry.line())));
        }
    }

    private static void checkStructure(ConfigMapping policies, Map<String, PolicyNode> nodes, Map<String, Parent> parents,
                                       Map<String, ConfigNode> nodeKeys, Set<String> unreadableParent, ConfigErrors errors) {
        if (!nodeKeys.containsKey(ROOT)) {
            errors.add(policies.line(), policies.path(), "missing node '" + ROOT + "': the root that applies to all agents");
        }
        nodeKeys.forEach((name, key) -> {
            Parent parent = parents.get(name);
            if (name.equals(ROOT) && parent != null) {
                errors.add(parent.line(), parent.path(), "'" + ROOT + "' is the root of the hierarchy and cannot inherit");
            } else if (!name.equals(ROOT) && parent == null && !unreadableParent.contains(name)) {
                errors.add(key.line(), key.path() + ".inherits",
                        "missing: every node except '" + ROOT + "' names the node it inherits from");
            } else if (parent != null && !nodeKeys.containsKey(parent.name())) {
                errors.add(parent.line(), parent.path(), "unknown parent '" + parent.name() + "'"
                        + NameSuggestion.knownNames(parent.name(), nodeKeys.keySet()));
            }
        });
        Set<String> inReportedCycle = new HashSet<>();
        for (String start : nodes.keySet()) {
            List<String> chain = new ArrayList<>();
            String at = start;
            while (at != null && nodes.containsKey(at) && !chain.contains(at)) {
                chain.add(at);
                at = parents.containsKey(at) ? parents.get(at).name() : null;
            }
            if (at == null || !chain.contains(at) || inReportedCycle.contains(at)) {
                continue;
            }
            List<String> cycle = new ArrayList<>(chain.subList(chain.indexOf(at), chain.size()));
            inReportedCycle.addAll(cycle);
            // Report at the cycle member written first in the file, so the message points where a reader starts.
            String first = nodes.keySet().stream().filter(cycle::contains).findFirst().orElseThrow();
            List<String> path = new ArrayList<>(cycle.subList(cycle.indexOf(first), cycle.size()));
            path.addAll(cycle.subList(0, cycle.indexOf(first)));
            path.add(first);
            Parent parent = parents.get(first);
            errors.add(parent.line(), parent.path(), "inheritance cycle: " + String.join(" -> ", path));
        }
    }
}
