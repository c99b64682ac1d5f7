package org.openclaw.oversight.incident;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.ControlAction;

/**
 * The seed's "Runbook for Common Incidents" as the automatic first steps of an incident, by alertname.
 * What follows (health check after RESTART, a human's restart after a cascade) is the responder's.
 *
 * <pre>
 * AgentUnreachable           RESTART -> health check (heartbeat) -> ROLLBACK if none      auto
 * PiiLeak                    SHUTDOWN -> ROLLBACK -> audit; stays open for a human           partial
 * CostAnomaly/BudgetExceeded RATE_LIMIT                                                     auto
 * AlignmentDrop              PAUSE -> ROLLBACK                                              auto
 * CascadingFailure           PAUSE every agent of the tenant, isolate the origin; restart on a human's command
 * </pre>
 */
public final class Runbook {

    /** Per-agent error alerts that a tenant's CascadingFailure explains (correlated into its incident). */
    static final Set<String> CASCADE_MEMBERS = Set.of(AlertType.ERROR_RATE_ANOMALY.alertname(), AlertType.CHANNEL_ERRORS.alertname());

    private Runbook() {}

    /** What to do when an incident of {@code alertname} opens; empty for alerts without a runbook action. */
    public static List<ControlAction> firstSteps(String alertname) {
        Optional<AlertType> type = AlertType.of(alertname);
        if (type.isEmpty()) {
            return List.of();
        }
        return switch (type.get()) {
            case AGENT_UNREACHABLE -> List.of(ControlAction.RESTART);
            case PII_LEAK -> List.of(ControlAction.SHUTDOWN, ControlAction.ROLLBACK);
            case COST_ANOMALY, BUDGET_EXCEEDED -> List.of(ControlAction.RATE_LIMIT);
            case ALIGNMENT_DROP -> List.of(ControlAction.PAUSE, ControlAction.ROLLBACK);
            case CASCADING_FAILURE -> List.of(ControlAction.PAUSE);
            default -> List.of();
        };
    }

    /** Only a human resolves these, whatever their alert does (seed: PII leak is "partial"). */
    public static boolean staysOpenForAHuman(String alertname) {
        return AlertType.PII_LEAK.alertname().equals(alertname);
    }

    public static boolean isCascade(String alertname) {
        return AlertType.CASCADING_FAILURE.alertname().equals(alertname);
    }

    public static boolean isUnreachable(String alertname) {
        return AlertType.AGENT_UNREACHABLE.alertname().equals(alertname);
    }
}
