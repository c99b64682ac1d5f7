package org.openclaw.oversight.incident;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openclaw.oversight.schema.Alert;

/**
 * The alerts this job hands to Alertmanager: each alert of an incident with the incident's escalation
 * level as label {@code escalation=L1..L4}. Alertmanager identifies an alert by its label set, so a level
 * change is a different alert: the copy of the old level is resolved and the new one fires. The copy's
 * fingerprint carries the level for the same reason (the sink keys its memory by fingerprint).
 */
public final class AlertmanagerCopies {

    private AlertmanagerCopies() {}

    public static String fingerprint(String alertFingerprint, int level) {
        return alertFingerprint + "-L" + level;
    }

    public static Alert firing(Alert alert, Incident incident) {
        return copy(alert, incident, incident.level, null);
    }

    /** The copy of {@code level} ending at {@code endsAtMs} (the alert's own end, or now). */
    public static Alert resolved(Alert alert, Incident incident, int level, long endsAtMs) {
        long end = Math.max(endsAtMs, alert.getStartsAt().toEpochMilli());
        return copy(alert, incident, level, Instant.ofEpochMilli(end));
    }

    private static Alert copy(Alert alert, Incident incident, int level, Instant endsAt) {
        Map<String, String> labels = new LinkedHashMap<>(alert.getLabels());
        labels.put("escalation", "L" + level);
        return Alert.newBuilder(alert)
                .setFingerprint(fingerprint(alert.getFingerprint(), level))
                .setLabels(labels)
                .setDescription(alert.getDescription() + " [incident " + incident.incidentId + ", escalation L" + level + "]")
                .setEndsAt(endsAt)
                .build();
    }
}
