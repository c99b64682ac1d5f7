package org.openclaw.oversight.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.ControlAction;
import org.openclaw.oversight.schema.ControlCommand;
import org.openclaw.oversight.schema.IncidentCommand;
import org.openclaw.oversight.schema.Severity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts, heartbeats and people's commands of one tenant (the key) -> incidents. Main output: a copy of
 * every incident that changed (the table sink upserts it); side outputs: control commands, audit
 * entries, the Alertmanager copies, SlaBreach alerts and daily uptime rows.
 *
 * <ul>
 *   <li>An incident opens on the first firing alert of a fingerprint, is updated when the alert fires
 *       again with other content, and resolves when it resolves (PiiLeak: only by a person). A
 *       CascadingFailure takes in the tenant's error alerts that start within
 *       {@code incidents.correlation_window} of it, open ones and later ones.</li>
 *   <li>Escalation counts <b>processing time</b> from the moment the job opened the incident: it is about
 *       people not answering, which is wall-clock time whatever the alerts' event times; an ack stops it.
 *       Timers are the job's clock (rounded up to the second, so one timer serves many incidents).</li>
 *   <li>Runbook actions ({@link Runbook}) are taken once, when the incident opens, and recorded on it;
 *       state is checkpointed together with the control topic's transactions, so each command reaches
 *       the topic exactly once per incident, also across restarts. A dry-run tenant records, sends none.</li>
 * </ul>
 */
public class IncidentResponder extends KeyedProcessFunction<String, IncidentInput, Incident> {

    private static final Logger LOG = LoggerFactory.getLogger(IncidentResponder.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final OutputTag<ControlCommand> COMMANDS = new OutputTag<>("control-commands", new AvroTypeInfo<>(ControlCommand.class));
    public static final OutputTag<AuditEntry> AUDIT = new OutputTag<>("audit", TypeInformation.of(AuditEntry.class));
    public static final OutputTag<Alert> ALERTMANAGER = new OutputTag<>("alertmanager", new AvroTypeInfo<>(Alert.class));
    public static final OutputTag<Alert> SLA_ALERTS = new OutputTag<>("sla-alerts", new AvroTypeInfo<>(Alert.class));
    public static final OutputTag<AgentUptime> UPTIME = new OutputTag<>("uptime", TypeInformation.of(AgentUptime.class));

    /** The actor of the job's own audit entries and automatic actions. */
    public static final String ACTOR = "incident-response";
    /** How long a resolved incident's fingerprints are remembered (against re-sent identical alerts). */
    static final long TOMBSTONE_MS = Duration.ofHours(6).toMillis();
    private static final long HOUR_MS = Duration.ofHours(1).toMillis();
    static final long GDPR_NOTICE_MS = Duration.ofHours(24).toMillis();
    static final long GDPR_REPORT_MS = Duration.ofHours(72).toMillis();

    private final ResponderSettings settings;

    private transient MapState<String, Incident> incidents;
    private transient MapState<String, FingerprintEntry> fingerprints;
    private transient MapState<String, Alert> alerts;
    private transient MapState<String, Long> agentsSeen;
    private transient MapState<String, AgentUptime> uptime;

    public IncidentResponder(ResponderSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void open(OpenContext openContext) {
        incidents = getRuntimeContext().getMapState(new MapStateDescriptor<>("incidents", Types.STRING, TypeInformation.of(Incident.class)));
        fingerprints = getRuntimeContext().getMapState(new MapStateDescriptor<>("fingerprints", Types.STRING,
                TypeInformation.of(FingerprintEntry.class)));
        alerts = getRuntimeContext().getMapState(new MapStateDescriptor<>("alerts", Types.STRING, new AvroTypeInfo<>(Alert.class)));
        agentsSeen = getRuntimeContext().getMapState(new MapStateDescriptor<>("agents-seen", Types.STRING, Types.LONG));
        uptime = getRuntimeContext().getMapState(new MapStateDescriptor<>("uptime", Types.STRING, TypeInformation.of(AgentUptime.class)));
    }

    @Override
    public void processElement(IncidentInput input, Context ctx, Collector<Incident> out) throws Exception {
        Step step = new Step(ctx, out);
        if (input.alert != null) {
            onAlert(input.alert, step);
        } else if (input.command != null) {
            onCommand(input.command, step);
        } else if (input.heartbeatAgentId != null) {
            onHeartbeat(input, step);
        }
        step.scheduleNext();
    }

    // ------------------------------------------------------------------------------------------ alerts

    private void onAlert(Alert alert, Step step) throws Exception {
        if (isOneAgent(alert.getAgentId())) { // a tenant-wide alert's '*' is no agent to command
            agentsSeen.put(alert.getAgentId(), step.now);
        }
        String fp = alert.getFingerprint();
        FingerprintEntry entry = fingerprints.get(fp);
        if (alert.getEndsAt() != null) {
            onResolvedAlert(alert, entry, step);
            return;
        }
        long startsAt = alert.getStartsAt().toEpochMilli();
        if (entry != null && entry.resolvedAtMs > 0) {
            if (startsAt <= entry.startsAtMs) {
                return; // the resolved condition re-sent: nothing new
            }
            fingerprints.remove(fp);
            alerts.remove(fp);
            entry = null;
        }
        if (entry != null) {
            Incident incident = active(entry.incidentId);
            if (incident != null) {
                onRefire(incident, alert, step);
                return;
            }
            fingerprints.remove(fp);
        }
        Incident cascade = Runbook.CASCADE_MEMBERS.contains(alert.getAlertname()) ? cascadeExplaining(startsAt) : null;
        if (cascade != null) {
            join(cascade, alert, step, "incident.alert_correlated");
            return;
        }
        open(alert, step);
    }

    private void open(Alert alert, Step step) throws Exception {
        long startsAt = alert.getStartsAt().toEpochMilli();
        Incident incident = new Incident();
        incident.incidentId = IncidentIds.of(alert.getFingerprint(), startsAt);
        incident.fingerprint = alert.getFingerprint();
        incident.type = alert.getAlertname();
        incident.severity = alert.getSeverity().name();
        incident.status = Incident.OPEN;
        incident.tenantId = alert.getTenantId();
        incident.agentId = alert.getAgentId();
        incident.summary = alert.getSummary();
        incident.openedAtMs = startsAt;
        incident.receivedAtMs = step.now;
        incident.lastAlertAtMs = startsAt;
        incident.dryRun = settings.incidents().dryRun(alert.getTenantId());
        incident.holdOpen = Runbook.staysOpenForAHuman(alert.getAlertname());
        if (Runbook.staysOpenForAHuman(alert.getAlertname())) {
            incident.gdprNoticeDueMs = startsAt + GDPR_NOTICE_MS;
            incident.gdprReportDueMs = startsAt + GDPR_REPORT_MS;
        }
        incident.members.add(alert.getFingerprint());
        fingerprints.put(alert.getFingerprint(), new FingerprintEntry(incident.incidentId, startsAt));
        alerts.put(alert.getFingerprint(), alert);

        ObjectNode details = details(incident).put("alertname", alert.getAlertname()).put("fingerprint", alert.getFingerprint());
        if (incident.gdprNoticeDueMs > 0) {
            details.put("gdpr_notice_due", Instant.ofEpochMilli(incident.gdprNoticeDueMs).toString())
                    .put("gdpr_report_due", Instant.ofEpochMilli(incident.gdprReportDueMs).toString());
        }
        step.audit(incident.incidentId + ":opened", ACTOR, "incident.opened", incident, details);
        if (Runbook.isCascade(incident.type)) {
            absorbErrorIncidents(incident, step);
        }
        runFirstSteps(incident, step);
        step.alertmanager(AlertmanagerCopies.firing(alert, incident));
        incidents.put(incident.incidentId, incident);
        step.row(incident);
    }

    private void onRefire(Incident incident, Alert alert, Step step) throws Exception {
        Alert previous = alerts.get(alert.getFingerprint());
        if (alert.equals(previous)) {
            return; // an identical repeat (detectors re-send each window)
        }
        alerts.put(alert.getFingerprint(), alert);
        long startsAt = alert.getStartsAt().toEpochMilli();
        incident.lastAlertAtMs = Math.max(incident.lastAlertAtMs, startsAt);
        String severityBefore = incident.severity;
        if (alert.getSeverity().ordinal() < Severity.valueOf(incident.severity).ordinal()) {
            incident.severity = alert.getSeverity().name();
        }
        step.alertmanager(AlertmanagerCopies.firing(alert, incident));
        if (previous == null || !previous.getStartsAt().equals(alert.getStartsAt()) || !severityBefore.equals(incident.severity)) {
            step.audit(incident.incidentId + ":refired:" + alert.getFingerprint() + ":" + startsAt + ":" + incident.severity, ACTOR,
                    "incident.updated", incident, details(incident).put("fingerprint", alert.getFingerprint())
                            .put("alert_starts_at", alert.getStartsAt().toString()));
        }
        incidents.put(incident.incidentId, incident);
        step.row(incident);
    }

    private void onResolvedAlert(Alert alert, FingerprintEntry entry, Step step) throws Exception {
        if (entry == null || entry.resolvedAtMs > 0) {
            return; // never opened here, or already resolved
        }
        Incident incident = active(entry.incidentId);
        if (incident == null) {
            return;
        }
        String fp = alert.getFingerprint();
        alerts.put(fp, alert);
        long endsAt = alert.getEndsAt().toEpochMilli();
        if (!incident.holdOpen) {
            step.alertmanager(AlertmanagerCopies.resolved(alert, incident, incident.level, endsAt));
        }
        if (fp.equals(incident.fingerprint) && !incident.holdOpen) {
            resolve(incident, "alert", endsAt, step);
            return;
        }
        step.audit(incident.incidentId + ":alert_resolved:" + fp + ":" + endsAt, ACTOR, "incident.alert_resolved", incident,
                details(incident).put("fingerprint", fp).put("alert_ends_at", alert.getEndsAt().toString()));
        incident.lastAlertAtMs = Math.max(incident.lastAlertAtMs, endsAt);
        incidents.put(incident.incidentId, incident);
        step.row(incident);
    }

    // ----------------------------------------------------------------------------------- correlation

    /** The tenant's active CascadingFailure incident whose start is within the correlation window of {@code startsAt}. */
    private Incident cascadeExplaining(long startsAt) throws Exception {
        long window = settings.incidents().correlationWindow().toMillis();
        for (Incident incident : incidents.values()) {
            if (incident.isActive() && Runbook.isCascade(incident.type) && Math.abs(incident.openedAtMs - startsAt) <= window) {
                return incident;
            }
        }
        return null;
    }

    private void absorbErrorIncidents(Incident cascade, Step step) throws Exception {
        long window = settings.incidents().correlationWindow().toMillis();
        List<Incident> absorbed = new ArrayList<>();
        for (Incident incident : incidents.values()) {
            if (incident.isActive() && Runbook.CASCADE_MEMBERS.contains(incident.type)
                    && Math.abs(incident.openedAtMs - cascade.openedAtMs) <= window) {
                absorbed.add(incident);
            }
        }
        for (Incident incident : absorbed) {
            for (String fp : incident.members) {
                Alert alert = alerts.get(fp);
                if (alert == null) {
                    continue;
                }
                if (alert.getEndsAt() == null) {
                    step.alertmanager(AlertmanagerCopies.resolved(alert, incident, incident.level, step.now));
                    step.alertmanager(AlertmanagerCopies.firing(alert, cascade));
                }
                cascade.members.add(fp);
                fingerprints.put(fp, new FingerprintEntry(cascade.incidentId, alert.getStartsAt().toEpochMilli()));
                if (alert.getSeverity().ordinal() < Severity.valueOf(cascade.severity).ordinal()) {
                    cascade.severity = alert.getSeverity().name();
                }
            }
            incident.status = Incident.CORRELATED;
            incident.correlatedInto = cascade.incidentId;
            incident.resolvedAtMs = step.now;
            incident.resolvedBy = ACTOR;
            step.audit(incident.incidentId + ":correlated:" + cascade.incidentId, ACTOR, "incident.correlated", incident,
                    details(incident).put("correlated_into", cascade.incidentId));
            incidents.remove(incident.incidentId);
            step.row(incident);
        }
    }

    private void join(Incident cascade, Alert alert, Step step, String auditAction) throws Exception {
        String fp = alert.getFingerprint();
        cascade.members.add(fp);
        fingerprints.put(fp, new FingerprintEntry(cascade.incidentId, alert.getStartsAt().toEpochMilli()));
        alerts.put(fp, alert);
        cascade.lastAlertAtMs = Math.max(cascade.lastAlertAtMs, alert.getStartsAt().toEpochMilli());
        step.alertmanager(AlertmanagerCopies.firing(alert, cascade));
        step.audit(cascade.incidentId + ":member:" + fp + ":" + alert.getStartsAt().toEpochMilli(), ACTOR, auditAction, cascade,
                details(cascade).put("fingerprint", fp).put("alertname", alert.getAlertname()));
        incidents.put(cascade.incidentId, cascade);
        step.row(cascade);
    }

    // ------------------------------------------------------------------------------------ runbooks

    private void runFirstSteps(Incident incident, Step step) throws Exception {
        for (ControlAction action : Runbook.firstSteps(incident.type)) {
            switch (action) {
                case RESTART -> {
                    if (incident.agentId != null) {
                        issue(incident, action, incident.agentId, Map.of(), ACTOR, step);
                        incident.healthCheckAgent = incident.agentId;
                        incident.restartIssuedAtMs = step.now;
                        incident.healthCheckDueMs = step.now + settings.incidents().healthCheckTimeout().toMillis();
                    }
                }
                case RATE_LIMIT -> {
                    Map<String, String> parameters = Map.of("requestsPerMinute",
                            String.valueOf(settings.incidents().rateLimitRequestsPerMinute()));
                    for (String agent : agentsConcerned(incident)) {
                        issue(incident, action, agent, parameters, ACTOR, step);
                    }
                }
                case PAUSE -> {
                    if (Runbook.isCascade(incident.type)) {
                        pauseTenant(incident, step);
                    } else if (incident.agentId != null) {
                        issue(incident, action, incident.agentId, Map.of(), ACTOR, step);
                    }
                }
                default -> {
                    if (incident.agentId != null) {
                        issue(incident, action, incident.agentId, Map.of(), ACTOR, step);
                    }
                }
            }
        }
        if (Runbook.staysOpenForAHuman(incident.type) && !incident.actions.isEmpty()) {
            step.audit(incident.incidentId + ":contained", ACTOR, "incident.pii_contained", incident, details(incident)
                    .put("note", "agent shut down and rolled back; the incident stays open until a person resolves it (GDPR Art. 33)")
                    .put("gdpr_notice_due", Instant.ofEpochMilli(incident.gdprNoticeDueMs).toString())
                    .put("gdpr_report_due", Instant.ofEpochMilli(incident.gdprReportDueMs).toString()));
        }
    }

    /** The origin is isolated: paused with the others, and a plain {@code restart} leaves it paused. */
    private void pauseTenant(Incident incident, Step step) throws Exception {
        Set<String> agents = new LinkedHashSet<>();
        if (isOneAgent(incident.agentId)) {
            agents.add(incident.agentId);
        }
        agents.addAll(settings.agentsByTenant().getOrDefault(incident.tenantId == null ? "" : incident.tenantId, List.of()));
        for (String agent : agentsSeen.keys()) {
            agents.add(agent);
        }
        for (String agent : agents) {
            boolean origin = agent.equals(incident.agentId);
            issue(incident, ControlAction.PAUSE, agent, origin ? Map.of("isolate", "true") : Map.of(), ACTOR, step);
            incident.pausedAgents.add(agent);
        }
        if (isOneAgent(incident.agentId)) {
            incident.isolatedAgent = incident.agentId;
            incident.actions.add(new ActionTaken("ISOLATE", incident.agentId, step.now, "isolated", ACTOR));
            step.audit(incident.incidentId + ":isolate:" + incident.agentId, ACTOR, "incident.action", incident,
                    details(incident).put("action", "ISOLATE").put("agent", incident.agentId));
        }
    }

    /** The incident's agent, or every known agent of the tenant for a tenant-wide alert (budget agent '*'). */
    private List<String> agentsConcerned(Incident incident) throws Exception {
        if (isOneAgent(incident.agentId)) {
            return List.of(incident.agentId);
        }
        Set<String> agents = new LinkedHashSet<>(settings.agentsByTenant().getOrDefault(
                incident.tenantId == null ? "" : incident.tenantId, List.of()));
        for (String agent : agentsSeen.keys()) {
            agents.add(agent);
        }
        return new ArrayList<>(agents);
    }

    /** An alert's agent label names one agent; tenant-wide alerts (budgets) carry '*' or none. */
    static boolean isOneAgent(String agentId) {
        return agentId != null && !agentId.isEmpty() && !"*".equals(agentId);
    }

    private void issue(Incident incident, ControlAction action, String agent, Map<String, String> parameters, String by, Step step) {
        long occurrence = incident.actions.stream().filter(a -> a.action.equals(action.name()) && agent.equals(a.agentId)).count();
        String result = incident.dryRun ? "dry-run" : "sent";
        incident.actions.add(new ActionTaken(action.name(), agent, step.now, result, by));
        if (!incident.dryRun) {
            step.ctx.output(COMMANDS, ControlCommand.newBuilder()
                    .setAgentId(agent)
                    .setTenantId(incident.tenantId == null ? "" : incident.tenantId)
                    .setAction(action)
                    .setReason(incident.type + " (" + incident.incidentId + ")")
                    .setIncidentId(incident.incidentId)
                    .setIssuedAt(Instant.ofEpochMilli(step.now))
                    .setExpiresAt(null)
                    .setParameters(new LinkedHashMap<>(parameters))
                    .build());
        }
        ObjectNode details = details(incident).put("action", action.name()).put("agent", agent).put("result", result);
        parameters.forEach(details::put);
        step.audit(incident.incidentId + ":action:" + action.name() + ":" + agent + ":" + occurrence, by, "incident.action", incident, details);
    }

    // ---------------------------------------------------------------------------------- heartbeats

    private void onHeartbeat(IncidentInput heartbeat, Step step) throws Exception {
        agentsSeen.put(heartbeat.heartbeatAgentId, heartbeat.heartbeatAtMs);
        if (!heartbeat.heartbeatHealthy) {
            return;
        }
        for (Incident incident : incidents.values()) {
            if (heartbeat.heartbeatAgentId.equals(incident.healthCheckAgent) && incident.healthCheckDueMs > 0
                    && heartbeat.heartbeatAtMs >= incident.restartIssuedAtMs) {
                incident.actions.add(new ActionTaken("HEALTH_CHECK", incident.healthCheckAgent, step.now, "passed", ACTOR));
                step.audit(incident.incidentId + ":health_check", ACTOR, "incident.health_check", incident,
                        details(incident).put("agent", incident.healthCheckAgent).put("result", "passed"));
                incident.healthCheckDueMs = 0;
                incidents.put(incident.incidentId, incident);
                step.row(incident);
                return; // one incident per agent waits for it
            }
        }
    }

    // ------------------------------------------------------------------------------------ commands

    private void onCommand(IncidentCommand command, Step step) throws Exception {
        Incident incident = active(command.getIncidentId());
        String by = command.getIssuedBy();
        if (incident == null) {
            LOG.warn("incident command {} for {}: no active incident with that id in this job (resolved already?); ignored",
                    command.getCommand(), command.getIncidentId());
            return;
        }
        switch (command.getCommand()) {
            case "ack" -> {
                if (Incident.OPEN.equals(incident.status)) {
                    incident.status = Incident.ACKNOWLEDGED;
                    incident.ackedAtMs = step.now;
                    incident.ackedBy = by;
                    step.audit(incident.incidentId + ":acknowledged", by, "incident.acknowledged", incident, details(incident)
                            .put("command", command.getCommandId()));
                    incidents.put(incident.incidentId, incident);
                    step.row(incident);
                }
            }
            case "resolve" -> resolve(incident, by, step.now, step);
            case "action" -> onManualAction(incident, command, step);
            default -> LOG.warn("incident command '{}' for {} is unknown (ack | resolve | action); ignored", command.getCommand(),
                    incident.incidentId);
        }
    }

    /** {@code restart}: after a cascade, RESTART the agents it paused (all but the isolated origin, or the one named). */
    private void onManualAction(Incident incident, IncidentCommand command, Step step) throws Exception {
        String by = command.getIssuedBy();
        if (!"restart".equals(command.getAction())) {
            step.audit(incident.incidentId + ":refused:" + command.getCommandId(), by, "incident.action_refused", incident,
                    details(incident).put("action", String.valueOf(command.getAction())).put("reason", "unknown action (restart)"));
            return;
        }
        List<String> targets = new ArrayList<>();
        if (command.getAgentId() != null) {
            if (incident.pausedAgents.contains(command.getAgentId())) {
                targets.add(command.getAgentId());
            }
        } else {
            for (String agent : incident.pausedAgents) {
                if (!agent.equals(incident.isolatedAgent)) {
                    targets.add(agent);
                }
            }
        }
        if (targets.isEmpty()) {
            step.audit(incident.incidentId + ":refused:" + command.getCommandId(), by, "incident.action_refused", incident,
                    details(incident).put("action", "restart").put("reason", "no paused agent to restart"
                            + (command.getAgentId() != null ? " named " + command.getAgentId() : "")));
            return;
        }
        for (String agent : targets) {
            issue(incident, ControlAction.RESTART, agent, Map.of(), by, step);
            incident.pausedAgents.remove(agent);
        }
        incidents.put(incident.incidentId, incident);
        step.row(incident);
    }

    // -------------------------------------------------------------------------------- resolution

    private void resolve(Incident incident, String by, long resolvedAtMs, Step step) throws Exception {
        incident.status = Incident.RESOLVED;
        incident.resolvedAtMs = resolvedAtMs;
        incident.resolvedBy = by;
        incident.healthCheckDueMs = 0;
        for (String fp : incident.members) {
            Alert alert = alerts.get(fp);
            if (alert != null && (alert.getEndsAt() == null || incident.holdOpen)) {
                long end = alert.getEndsAt() != null ? alert.getEndsAt().toEpochMilli() : step.now;
                step.alertmanager(AlertmanagerCopies.resolved(alert, incident, incident.level, end));
            }
            FingerprintEntry entry = fingerprints.get(fp);
            if (entry != null) {
                entry.resolvedAtMs = step.now;
                fingerprints.put(fp, entry);
            }
        }
        step.audit(incident.incidentId + ":resolved", ACTOR.equals(by) || "alert".equals(by) ? ACTOR : by, "incident.resolved", incident,
                details(incident).put("resolved_by", by).put("resolved_at", Instant.ofEpochMilli(resolvedAtMs).toString()));
        if (Runbook.isUnreachable(incident.type) && incident.agentId != null) {
            countDowntime(incident, resolvedAtMs, step);
        }
        incidents.remove(incident.incidentId);
        step.row(incident);
    }

    /** Adds the incident's [start, end) to the agent's downtime of each UTC day it covers; below the SLA -> SlaBreach. */
    private void countDowntime(Incident incident, long endMs, Step step) throws Exception {
        long start = incident.openedAtMs;
        long end = Math.max(endMs, start);
        for (long day = Math.floorDiv(start, AgentUptime.DAY_MS); day * AgentUptime.DAY_MS < end; day++) {
            long from = Math.max(start, day * AgentUptime.DAY_MS);
            long to = Math.min(end, (day + 1) * AgentUptime.DAY_MS);
            String key = incident.agentId + "|" + day;
            AgentUptime row = uptime.get(key);
            if (row == null) {
                row = new AgentUptime();
                row.epochDay = day;
                row.tenantId = incident.tenantId == null ? "" : incident.tenantId;
                row.agentId = incident.agentId;
            }
            row.downtimeMs += to - from;
            if (!row.breached && row.uptimeRatio() < settings.uptimeSlaMinimum()) {
                row.breached = true;
                step.ctx.output(SLA_ALERTS, SlaBreachAlerts.of(row, settings.uptimeSlaMinimum(), to));
            }
            uptime.put(key, row);
            step.ctx.output(UPTIME, row.copy());
        }
    }

    // ---------------------------------------------------------------------------------------- timers

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out) throws Exception {
        Step step = new Step(ctx, out);
        List<Incident> changed = new ArrayList<>();
        for (Incident incident : incidents.values()) {
            boolean change = false;
            if (Incident.OPEN.equals(incident.status)) {
                int level = settings.incidents().level(Duration.ofMillis(step.now - incident.receivedAtMs));
                if (level > incident.level) {
                    escalate(incident, level, step);
                    change = true;
                }
            }
            if (incident.healthCheckDueMs > 0 && incident.healthCheckDueMs <= step.now) {
                incident.healthCheckDueMs = 0;
                incident.actions.add(new ActionTaken("HEALTH_CHECK", incident.healthCheckAgent, step.now, "failed", ACTOR));
                step.audit(incident.incidentId + ":health_check", ACTOR, "incident.health_check", incident,
                        details(incident).put("agent", incident.healthCheckAgent).put("result", "failed: no heartbeat"));
                issue(incident, ControlAction.ROLLBACK, incident.healthCheckAgent, Map.of(), ACTOR, step);
                change = true;
            }
            if (change) {
                changed.add(incident);
            }
        }
        for (Incident incident : changed) {
            incidents.put(incident.incidentId, incident);
            step.row(incident);
        }
        Iterator<Map.Entry<String, FingerprintEntry>> entries = fingerprints.iterator();
        List<String> expired = new ArrayList<>();
        while (entries.hasNext()) {
            Map.Entry<String, FingerprintEntry> e = entries.next();
            if (e.getValue().resolvedAtMs > 0 && e.getValue().resolvedAtMs + TOMBSTONE_MS <= step.now) {
                expired.add(e.getKey());
            }
        }
        for (String fp : expired) {
            fingerprints.remove(fp);
            alerts.remove(fp);
        }
        long today = Math.floorDiv(step.now, AgentUptime.DAY_MS);
        List<String> oldDays = new ArrayList<>();
        for (Map.Entry<String, AgentUptime> e : uptime.entries()) {
            if (e.getValue().epochDay < today - 2) {
                oldDays.add(e.getKey());
            }
        }
        for (String key : oldDays) {
            uptime.remove(key);
        }
        step.scheduleNext();
    }

    /** The copy of the old level is resolved, the new one fires: Alertmanager routes by the label. */
    private void escalate(Incident incident, int level, Step step) throws Exception {
        int from = incident.level;
        for (String fp : incident.members) {
            Alert alert = alerts.get(fp);
            if (alert != null && (alert.getEndsAt() == null || incident.holdOpen)) {
                step.alertmanager(AlertmanagerCopies.resolved(alert, incident, from, step.now));
                incident.level = level;
                step.alertmanager(AlertmanagerCopies.firing(Alert.newBuilder(alert).setEndsAt(null).build(), incident));
                incident.level = from;
            }
        }
        incident.level = level;
        incident.escalatedAtMs = step.now;
        step.audit(incident.incidentId + ":escalated:L" + level, ACTOR, "incident.escalated", incident,
                details(incident).put("from", "L" + from).put("to", "L" + level));
    }

    // ---------------------------------------------------------------------------------------- helpers

    /** The active incident of {@code id} (a correlated one is gone: the CLI follows its correlated_into). */
    private Incident active(String id) throws Exception {
        Incident incident = id == null ? null : incidents.get(id);
        return incident != null && incident.isActive() ? incident : null;
    }

    private static ObjectNode details(Incident incident) {
        ObjectNode details = JSON.createObjectNode()
                .put("incident", incident.incidentId)
                .put("type", incident.type)
                .put("severity", incident.severity)
                .put("status", incident.status)
                .put("level", "L" + incident.level);
        if (incident.tenantId != null) {
            details.put("tenant", incident.tenantId);
        }
        if (incident.agentId != null) {
            details.put("agent", incident.agentId);
        }
        if (incident.dryRun) {
            details.put("dry_run", true);
        }
        return details;
    }

    /** One element or timer: the clock, the outputs, and the next timer to set. */
    private final class Step {
        final Context ctx;
        final Collector<Incident> out;
        final long now;

        Step(Context ctx, Collector<Incident> out) {
            this.ctx = ctx;
            this.out = out;
            this.now = ctx.timerService().currentProcessingTime();
        }

        void row(Incident incident) {
            out.collect(incident.copy());
        }

        void audit(String key, String actor, String action, Incident incident, ObjectNode details) {
            details.put("audit_key", key);
            ctx.output(AUDIT, new AuditEntry(key, actor, action, "incident:" + incident.incidentId, details.toString()));
        }

        void alertmanager(Alert alert) {
            ctx.output(ALERTMANAGER, alert);
        }

        /** A timer at the next escalation, health-check deadline or tombstone expiry of this tenant, whole seconds. */
        void scheduleNext() throws Exception {
            long next = Long.MAX_VALUE;
            for (Incident incident : incidents.values()) {
                if (Incident.OPEN.equals(incident.status) && incident.level < 4) {
                    next = Math.min(next, incident.receivedAtMs + settings.incidents().levelStartsAfter(incident.level + 1).toMillis());
                }
                if (incident.healthCheckDueMs > 0) {
                    next = Math.min(next, incident.healthCheckDueMs);
                }
            }
            if (next == Long.MAX_VALUE) {
                // housekeeping of tombstones and old uptime days, on the hour: one timer per tenant and hour
                next = (now + TOMBSTONE_MS) / HOUR_MS * HOUR_MS + HOUR_MS;
            }
            long at = Math.max(next, now + 1);
            ctx.timerService().registerProcessingTimeTimer((at + 999) / 1000 * 1000);
        }
    }
}
