package org.openclaw.oversight.platform.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.ControlAction;
import org.openclaw.oversight.schema.ControlCommand;

/**
 * The simulated agents obeying oversight.agent-control.v1 (issue 14, "close the loop"): PAUSE stops an agent's
 * events until RESUME, SHUTDOWN until RESTART or ROLLBACK, RATE_LIMIT caps the user turns it takes
 * ({@code requestsPerMinute}, else half of them), RESTART and ROLLBACK resume it, ROLLBACK on the version it ran
 * before (2.0.0-rc1 → 1.4.0 during unapproved_version). An agent under ignores_kill_switch ignores PAUSE and
 * SHUTDOWN.
 *
 * <p>A stopped agent's records are dropped as they are delivered, so nothing of it leaves after the command,
 * whatever was generated before. Its heartbeats go on: the process is alive and reports itself, it only takes no
 * work, so a commanded stop is not an outage. Commands act on the simulated clock from the record being delivered
 * when they arrive; in a real-time run that is the wall clock.
 */
final class AgentControl {
    private final Fleet fleet;
    private final IncidentSchedule schedule;
    private final UnapprovedVersionInjector versions;
    private final ControlCommandFeed feed;
    private final List<CommandOutcome> outcomes = new ArrayList<>();
    private final Map<String, Commanded> states = new HashMap<>();

    AgentControl(Fleet fleet, IncidentSchedule schedule, UnapprovedVersionInjector versions, ControlCommandFeed feed) {
        this.fleet = fleet;
        this.schedule = schedule;
        this.versions = versions;
        this.feed = feed;
    }

    /** Every command received so far, in arrival order. */
    List<CommandOutcome> outcomes() {
        return Collections.unmodifiableList(outcomes);
    }

    /** Applies the commands that arrived since the last call, as of simulated time {@code now}. */
    void apply(long now) {
        for (ReceivedCommand received : feed.drain()) {
            CommandOutcome outcome = new CommandOutcome(received.command(), received.receivedAtMillis());
            outcomes.add(outcome);
            apply(outcome, now);
        }
    }

    /** Whether a record due for delivery at {@code now} is held back because its agent is stopped. */
    boolean drops(PendingRecords.Pending p, long now) {
        Commanded state = states.get(p.record().agentId());
        if (state == null || state.stoppedBy == null || p.record().value() instanceof AgentHeartbeat) {
            return false;
        }
        if (state.stopExpiresAt != null && now >= state.stopExpiresAt) {
            state.stoppedBy = null;
            return false;
        }
        state.stoppedBy.suppressed();
        return true;
    }

    /** Whether the agent takes a user turn at {@code time}; a rate-limited one refuses the excess. Draws nothing. */
    boolean admits(SimulatedAgent agent, long time) {
        Commanded state = states.get(agent.agentId());
        if (state == null || state.limitedBy == null) {
            return true;
        }
        if (state.limitExpiresAt != null && time >= state.limitExpiresAt) {
            state.limitedBy = null;
            return true;
        }
        boolean admitted = state.minTurnGapMs > 0 ? time - state.lastAdmitted >= state.minTurnGapMs
                : state.turns++ % 2 == 0;
        if (admitted) {
            state.lastAdmitted = time;
        } else {
            state.limitedBy.rejectedTurn();
        }
        return admitted;
    }

    /** A rolled-back agent's records carry the version it went back to (and its approvals), whatever was generated. */
    void rewrite(PendingRecords.Pending p) {
        Commanded state = states.get(p.record().agentId());
        if (state == null || state.rolledBackTo == null) {
            return;
        }
        if (p.record().value() instanceof AgentEvent e) {
            e.setAgentVersion(state.rolledBackTo);
            e.getAttributes().put("approvals", "2");
        } else if (p.record().value() instanceof AgentHeartbeat hb) {
            hb.setAgentVersion(state.rolledBackTo);
        }
    }

    private void apply(CommandOutcome outcome, long now) {
        ControlCommand c = outcome.command();
        SimulatedAgent agent = fleet.find(c.getAgentId()).orElse(null);
        if (agent == null) {
            outcome.ignored("no agent " + c.getAgentId() + " in the simulated fleet");
            return;
        }
        if (!agent.tenantId().equals(c.getTenantId())) {
            outcome.ignored("the agent belongs to tenant " + agent.tenantId() + ", not " + c.getTenantId());
            return;
        }
        Commanded state = states.computeIfAbsent(agent.agentId(), a -> new Commanded());
        Long expiresAt = c.getExpiresAt() == null ? null : c.getExpiresAt().toEpochMilli();
        ControlAction action = c.getAction();
        switch (action) {
            case PAUSE, SHUTDOWN -> {
                IncidentOutcome ignoring = schedule.active(agent.agentId(), now, IncidentType.IGNORES_KILL_SWITCH);
                if (ignoring != null) {
                    ignoring.killCommandIgnored(now);
                    outcome.ignored("ignores_kill_switch (scenario): the agent keeps working");
                    return;
                }
                state.stoppedBy = outcome;
                state.shutDown = action == ControlAction.SHUTDOWN;
                state.stopExpiresAt = state.shutDown ? null : expiresAt;
                outcome.obeyed(now, state.shutDown ? "shut down until RESTART or ROLLBACK" : "paused until RESUME");
            }
            case RESUME -> {
                if (state.stoppedBy != null && state.shutDown) {
                    outcome.ignored("shut down: only RESTART or ROLLBACK start it again");
                } else if (state.stoppedBy == null && state.limitedBy == null) {
                    outcome.ignored("nothing to resume: the agent runs unrestricted");
                } else {
                    state.stoppedBy = null;
                    state.limitedBy = null;
                    outcome.obeyed(now, "resumed at full rate");
                }
            }
            case RATE_LIMIT -> {
                String rpm = c.getParameters().get("requestsPerMinute");
                double perMinute = parsePositive(rpm);
                state.limitedBy = outcome;
                state.limitExpiresAt = expiresAt;
                state.minTurnGapMs = perMinute > 0 ? Math.round(60_000 / perMinute) : 0;
                state.lastAdmitted = Long.MIN_VALUE / 2;
                outcome.obeyed(now, perMinute > 0 ? "rate limited to " + rpm + " requests/min"
                        : "rate halved (no valid requestsPerMinute parameter)");
            }
            case RESTART -> {
                state.stoppedBy = null;
                outcome.obeyed(now, "restarted on " + currentVersion(agent, state, now) + stillSilent(agent, now));
            }
            case ROLLBACK -> {
                state.stoppedBy = null;
                String current = currentVersion(agent, state, now);
                if (!current.equals(agent.version())) {
                    state.rolledBackTo = agent.version();
                    outcome.obeyed(now, "rolled back from " + current + " to " + agent.version()
                            + stillSilent(agent, now));
                } else {
                    outcome.obeyed(now, "restarted on " + current + ": no earlier version known"
                            + stillSilent(agent, now));
                }
            }
            default -> outcome.ignored("unknown action " + action);
        }
    }

    /** Scripted outages are not cut short by a restart: the report says so rather than claim a recovery. */
    private String stillSilent(SimulatedAgent agent, long now) {
        for (IncidentType type : List.of(IncidentType.AGENT_SILENT, IncidentType.AGENT_DOWN,
                IncidentType.AGENT_STOPPED)) {
            IncidentOutcome o = schedule.active(agent.agentId(), now, type);
            if (o != null) {
                return "; still quiet: " + type.yamlName() + " (scenario) "
                        + (type.openEnded() ? "for good" : "until " + java.time.Instant.ofEpochMilli(o.windowEnd()));
            }
        }
        return "";
    }

    private String currentVersion(SimulatedAgent agent, Commanded state, long now) {
        return state.rolledBackTo != null ? state.rolledBackTo : versions.version(agent, now).version();
    }

    private static double parsePositive(String text) {
        if (text == null) {
            return 0;
        }
        try {
            double d = Double.parseDouble(text.trim());
            return d > 0 && Double.isFinite(d) ? d : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** One agent's commanded state. */
    private static final class Commanded {
        CommandOutcome stoppedBy;
        boolean shutDown;
        Long stopExpiresAt;
        CommandOutcome limitedBy;
        Long limitExpiresAt;
        long minTurnGapMs;
        long lastAdmitted = Long.MIN_VALUE / 2;
        long turns;
        String rolledBackTo;
    }
}
