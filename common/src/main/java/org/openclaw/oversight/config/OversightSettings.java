package org.openclaw.oversight.config;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The content of oversight.yml (the seed's openclaw-production.yml): ingestion, tenants, the agent fleet,
 * storage, alert thresholds, the anomaly detectors' settings and incident response. Tenant references are checked here;
 * agents' policy categories are checked against policies.yml by {@link OversightConfiguration}.
 */
public record OversightSettings(IngestionSettings ingestion, List<TenantSettings> tenants, List<AgentSettings> agents,
                                StorageSettings storage, AlertThresholds thresholds, AnomalySettings anomaly,
                                IncidentSettings incidents) implements Serializable {

    public static final List<String> SDKS = List.of("python", "node", "java", "go", "dotnet", "rust", "ruby", "php");

    /** Tenant ids and agent names become Kafka keys, Prometheus/Alertmanager labels and SQL values: keep them plain. */
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern TEAM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public OversightSettings {
        tenants = List.copyOf(tenants);
        agents = List.copyOf(agents);
    }

    /** Without {@code anomaly} and {@code incidents} sections: their defaults. */
    public OversightSettings(IngestionSettings ingestion, List<TenantSettings> tenants, List<AgentSettings> agents,
                             StorageSettings storage, AlertThresholds thresholds) {
        this(ingestion, tenants, agents, storage, thresholds, AnomalySettings.DEFAULTS, IncidentSettings.DEFAULTS);
    }

    /** Loads and validates oversight.yml; throws {@link ConfigException} listing every error in the file. */
    public static OversightSettings load(Path file) {
        return load(file, null);
    }

    /** As {@link #load(Path)}, also checking every agent's category against the policy nodes, when given. */
    static OversightSettings load(Path file, Set<String> policyNodes) {
        ConfigErrors errors = new ConfigErrors(file.toString());
        Optional<OversightSettings> settings = YamlFile.read(file, errors).flatMap(root -> read(root, policyNodes, errors));
        errors.throwIfAny();
        return settings.orElseThrow();
    }

    /** Parses oversight.yml content given as text; {@code source} names it in errors. */
    public static OversightSettings parse(String yaml, String source) {
        ConfigErrors errors = new ConfigErrors(source);
        Optional<OversightSettings> settings = YamlFile.parse(yaml, errors).flatMap(root -> read(root, null, errors));
        errors.throwIfAny();
        return settings.orElseThrow();
    }

    public Optional<AgentSettings> agent(String name) {
        return agents.stream().filter(agent -> agent.name().equals(name)).findFirst();
    }

    public Optional<TenantSettings> tenant(String id) {
        return tenants.stream().filter(tenant -> tenant.id().equals(id)).findFirst();
    }

    public List<AgentSettings> agentsOf(String tenantId) {
        return agents.stream().filter(agent -> agent.tenant().equals(tenantId)).toList();
    }

    static Optional<OversightSettings> read(ConfigMapping root, Set<String> policyNodes, ConfigErrors errors) {
        IngestionSettings ingestion = root.get("ingestion").flatMap(ConfigNode::mapping)
                .map(OversightSettings::readIngestion).orElse(IngestionSettings.defaults(errors.file()));
        Map<String, TenantSettings> tenants = new LinkedHashMap<>();
        // Ids of all tenants written down, valid or not: an agent of a tenant with a bad budget is not "unknown".
        Set<String> tenantIds = new LinkedHashSet<>();
        root.value("tenants", ConfigNode::sequence).ifPresent(items -> readTenants(items, tenants, tenantIds));
        List<AgentSettings> agents = new ArrayList<>();
        root.value("agents", ConfigNode::sequence).ifPresent(items -> readAgents(items, tenantIds, policyNodes, agents));
        StorageSettings storage = root.get("storage").flatMap(ConfigNode::mapping)
                .map(OversightSettings::readStorage).orElse(StorageSettings.DEFAULTS);
        AlertThresholds thresholds = root.get("thresholds").flatMap(ConfigNode::mapping)
                .map(OversightSettings::readThresholds).orElse(AlertThresholds.DEFAULTS);
        AnomalySettings anomaly = root.get("anomaly").flatMap(ConfigNode::mapping)
                .map(AnomalySettings::read).orElse(AnomalySettings.DEFAULTS);
        IncidentSettings incidents = root.get("incidents").flatMap(ConfigNode::mapping)
                .map(section -> IncidentSettings.read(section, tenantIds)).orElse(IncidentSettings.DEFAULTS);
        root.rejectUnknownKeys();
        if (!errors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new OversightSettings(ingestion, List.copyOf(tenants.values()), agents, storage, thresholds,
                anomaly, incidents));
    }

    private static IngestionSettings readIngestion(ConfigMapping section) {
        IngestionSettings d = IngestionSettings.defaults(section.errors().file());
        IngestionMode mode = section.valueOr("mode", node -> node.choice(IngestionMode.class), d.mode());
        long bufferSize = section.valueOr("buffer_size", node -> node.wholeNumber(1, 10_000_000), (long) d.bufferSize());
        Duration flush = section.valueOr("flush_interval", node -> atMost(node, Duration.ofHours(1)), d.flushInterval());
        Compression compression = section.valueOr("compression", node -> node.choice(Compression.class), d.compression());
        EventTimeBounds eventTime = section.get("event_time").flatMap(ConfigNode::mapping)
                .map(OversightSettings::readEventTime).orElse(d.eventTime());
        section.rejectUnknownKeys();
        return new IngestionSettings(mode, (int) bufferSize, flush, compression, eventTime);
    }

    /** Each bound keeps the line it was read from, so the simulator's warning can point at it. */
    private static EventTimeBounds readEventTime(ConfigMapping section) {
        EventTimeBounds d = EventTimeBounds.defaults(section.errors().file());
        Optional<ConfigNode> ageNode = section.get("max_age");
        Optional<ConfigNode> aheadNode = section.get("max_ahead");
        Duration maxAge = ageNode.flatMap(node -> atMost(node, EventTimeBounds.LONGEST_MAX_AGE)).orElse(d.maxAge());
        Duration maxAhead = aheadNode.flatMap(node -> atMost(node, EventTimeBounds.LONGEST_MAX_AHEAD)).orElse(d.maxAhead());
        section.rejectUnknownKeys();
        return new EventTimeBounds(maxAge, maxAhead,
                ageNode.map(OversightSettings::location).orElse(d.maxAgeSource()),
                aheadNode.map(OversightSettings::location).orElse(d.maxAheadSource()));
    }

    private static ConfigLocation location(ConfigNode node) {
        return new ConfigLocation(node.errors().file(), node.line(), node.path());
    }

    private static void readTenants(List<ConfigNode> items, Map<String, TenantSettings> tenants, Set<String> tenantIds) {
        Map<String, Integer> firstLine = new HashMap<>();
        for (ConfigNode item : items) {
            item.mapping().ifPresent(entry -> {
                Optional<ConfigNode> idNode = entry.require("id");
                Optional<String> id = idNode.flatMap(node -> identifier(node, "tenant id"));
                id.ifPresent(tenantIds::add);
                Optional<String> name = entry.value("name", ConfigNode::string);
                Optional<Double> budget = entry.value("daily_budget_eur", node -> node.number(0, Double.POSITIVE_INFINITY));
                entry.rejectUnknownKeys();
                if (id.isPresent() && unique(idNode.get(), id.get(), "tenant", firstLine)
                        && name.isPresent() && budget.isPresent()) {
                    tenants.put(id.get(), new TenantSettings(id.get(), name.get(), budget.get()));
                }
            });
        }
    }

    private static void readAgents(List<ConfigNode> items, Set<String> tenants, Set<String> policyNodes,
                                   List<AgentSettings> agents) {
        Map<String, Integer> firstLine = new HashMap<>();
        for (ConfigNode item : items) {
            item.mapping().ifPresent(entry -> {
                Optional<ConfigNode> nameNode = entry.require("name");
                Optional<String> name = nameNode.flatMap(node -> identifier(node, "agent name"));
                Optional<String> tenant = entry.require("tenant").flatMap(node -> node.string().filter(id -> {
                    if (!tenants.contains(id)) {
                        node.error("unknown tenant '" + id + "'" + NameSuggestion.knownNames(id, tenants));
                        return false;
                    }
                    return true;
                }));
                Optional<String> sdk = entry.value("sdk", node -> node.oneOf(SDKS));
                double sampleRate = entry.valueOr("sample_rate", node -> node.number(0, 1), 1.0);
                PiiScanMode piiScan = entry.valueOr("pii_scan", node -> node.choice(PiiScanMode.class), PiiScanMode.REAL_TIME);
                Optional<String> category = entry.require("category").flatMap(node -> node.string().filter(policyNode -> {
                    if (policyNodes != null && !policyNodes.contains(policyNode)) {
                        node.error("unknown policy node '" + policyNode + "' in policies.yml"
                                + NameSuggestion.knownNames(policyNode, policyNodes));
                        return false;
                    }
                    return true;
                }));
                Optional<String> owner = entry.value("owner", OversightSettings::owner);
                Optional<Double> budget = entry.value("daily_budget_eur", node -> node.number(0, Double.POSITIVE_INFINITY));
                entry.rejectUnknownKeys();
                if (name.isPresent() && unique(nameNode.get(), name.get(), "agent", firstLine) && tenant.isPresent()
                        && sdk.isPresent() && category.isPresent() && owner.isPresent() && budget.isPresent()) {
                    agents.add(new AgentSettings(name.get(), tenant.get(), sdk.get(), sampleRate, piiScan,
                            category.get(), owner.get(), budget.get()));
                }
            });
        }
    }

    private static StorageSettings readStorage(ConfigMapping section) {
        StorageSettings d = StorageSettings.DEFAULTS;
        String primary = section.valueOr("primary", node -> node.oneOf(StorageSettings.PRIMARY_STORES), d.primary());
        String timeSeries = section.valueOr("time_series", node -> node.oneOf(StorageSettings.TIME_SERIES_STORES), d.timeSeries());
        RetentionSettings retention = section.get("retention").flatMap(ConfigNode::mapping).map(r -> {
            RetentionSettings rd = RetentionSettings.DEFAULTS;
            Duration rawTraces = r.valueOr("raw_traces", ConfigNode::duration, rd.rawTraces());
            RetentionSettings read = new RetentionSettings(
                    rawTraces,
                    r.valueOr("aggregated", ConfigNode::duration, rd.aggregated()),
                    r.valueOr("compliance_logs", ConfigNode::duration, rd.complianceLogs()),
                    r.valueOr("dead_letters", node -> deadLetterRetention(node, rawTraces),
                            min(rd.deadLetters(), rawTraces)));
            r.rejectUnknownKeys();
            return read;
        }).orElse(RetentionSettings.DEFAULTS);
        section.rejectUnknownKeys();
        return new StorageSettings(primary, timeSeries, retention);
    }

    private static AlertThresholds readThresholds(ConfigMapping section) {
        AlertThresholds d = AlertThresholds.DEFAULTS;
        Duration latencyWarning = section.valueOr("llm_latency_p95_warning", ConfigNode::duration, d.llmLatencyP95Warning());
        Duration latencyCritical = section.valueOr("llm_latency_p95_critical", ConfigNode::duration, d.llmLatencyP95Critical());
        double channelErrors = section.valueOr("channel_errors_per_minute_warning",
                node -> node.number(0, Double.POSITIVE_INFINITY), d.channelErrorsPerMinuteWarning());
        double sigma = section.valueOr("token_anomaly_sigma", node -> node.number(0.5, 10), d.tokenAnomalySigma());
        double uptime = section.valueOr("uptime_sla_minimum", node -> node.number(0, 1), d.uptimeSlaMinimum());
        long queueWarning = section.valueOr("queue_depth_warning", node -> node.wholeNumber(1, Long.MAX_VALUE), d.queueDepthWarning());
        long queueCritical = section.valueOr("queue_depth_critical", node -> node.wholeNumber(1, Long.MAX_VALUE), d.queueDepthCritical());
        double unpricedShare = section.valueOr("unpriced_share_maximum", node -> node.number(0, 1), d.unpricedShareMaximum());
        long unpricedMinimum = section.valueOr("unpriced_calls_minimum", node -> node.wholeNumber(1, 1_000_000), d.unpricedCallsMinimum());
        Duration unpricedWindow = section.valueOr("unpriced_window", OversightSettings::wholeMinutesUpToADay, d.unpricedWindow());
        if (latencyWarning.compareTo(latencyCritical) >= 0) {
            section.get("llm_latency_p95_warning").ifPresentOrElse(
                    node -> node.error("must be below llm_latency_p95_critical (" + DurationSyntax.format(latencyCritical) + ")"),
                    () -> section.get("llm_latency_p95_critical").ifPresent(
                            node -> node.error("must be above llm_latency_p95_warning (" + DurationSyntax.format(latencyWarning) + ")")));
        }
        if (queueWarning >= queueCritical) {
            section.get("queue_depth_warning").ifPresentOrElse(
                    node -> node.error("must be below queue_depth_critical (" + queueCritical + ")"),
                    () -> section.get("queue_depth_critical").ifPresent(
                            node -> node.error("must be above queue_depth_warning (" + queueWarning + ")")));
        }
        section.rejectUnknownKeys();
        return new AlertThresholds(latencyWarning, latencyCritical, channelErrors, sigma, uptime, queueWarning, queueCritical,
                unpricedShare, unpricedMinimum, unpricedWindow);
    }

    /** The unpriced share is taken over whole 1-minute rows; a day is the longest window worth keeping state for. */
    private static Optional<Duration> wholeMinutesUpToADay(ConfigNode node) {
        Optional<Duration> duration = atMost(node, Duration.ofDays(1));
        if (duration.isPresent() && duration.get().toMillis() % 60_000 != 0) {
            node.error("must be whole minutes (e.g. 1h, 30m), not " + DurationSyntax.format(duration.get()));
            return Optional.empty();
        }
        return duration;
    }

    /**
     * A dead letter holds a raw record (encrypted), so it must not outlive the raw traces it would
     * have become, and it must live long enough for someone to look at it.
     */
    private static Optional<Duration> deadLetterRetention(ConfigNode node, Duration rawTraces) {
        Optional<Duration> duration = node.duration();
        if (duration.isEmpty()) {
            return duration;
        }
        if (duration.get().compareTo(RetentionSettings.MIN_DEAD_LETTERS) < 0) {
            node.error("out of range: " + DurationSyntax.format(duration.get()) + " (allowed: "
                    + DurationSyntax.format(RetentionSettings.MIN_DEAD_LETTERS) + " up to raw_traces, "
                    + DurationSyntax.format(rawTraces) + "); shorter, letters may expire before anyone replays them");
            return Optional.empty();
        }
        if (duration.get().compareTo(rawTraces) > 0) {
            node.error("longer than raw_traces (" + DurationSyntax.format(rawTraces) + "): a dead letter holds a raw"
                    + " record and must not be kept longer than the raw traces");
            return Optional.empty();
        }
        return duration;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Optional<Duration> atMost(ConfigNode node, Duration max) {
        Optional<Duration> duration = node.duration();
        if (duration.isPresent() && duration.get().compareTo(max) > 0) {
            node.error("out of range: " + DurationSyntax.format(duration.get()) + " (allowed: up to " + DurationSyntax.format(max) + ")");
            return Optional.empty();
        }
        return duration;
    }

    private static Optional<String> identifier(ConfigNode node, String what) {
        return node.string().filter(id -> {
            if (!ID.matcher(id).matches()) {
                node.error("invalid " + what + " '" + id + "': use lower-case letters, digits, '-' and '_' (at most 63)");
                return false;
            }
            return true;
        });
    }

    /** Owners are people's or teams' addresses: validated, but never echoed into messages (they may be personal data). */
    private static Optional<String> owner(ConfigNode node) {
        return node.string().filter(owner -> {
            if (!EMAIL.matcher(owner).matches() && !TEAM.matcher(owner).matches()) {
                node.error("expected an e-mail address or a team name (letters, digits, '.', '-', '_')");
                return false;
            }
            return true;
        });
    }

    private static boolean unique(ConfigNode node, String id, String what, Map<String, Integer> firstLine) {
        Integer earlier = firstLine.putIfAbsent(id, node.line());
        if (earlier != null) {
            node.error("duplicate " + what + " '" + id + "' (first defined at line " + earlier + ")");
            return false;
        }
        return true;
    }
}
