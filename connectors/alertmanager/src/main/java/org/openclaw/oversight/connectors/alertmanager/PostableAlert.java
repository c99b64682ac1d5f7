package org.openclaw.oversight.connectors.alertmanager;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One element of the JSON array that {@code POST /api/v2/alerts} takes (Alertmanager's
 * {@code postableAlert}). Times are written as RFC 3339 UTC strings by {@link PostableAlertJson}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PostableAlert(
        @JsonProperty("labels") Map<String, String> labels,
        @JsonProperty("annotations") Map<String, String> annotations,
        @JsonProperty("startsAt") Instant startsAt,
        @JsonProperty("endsAt") Instant endsAt,
        @JsonProperty("generatorURL") String generatorUrl) {

    public PostableAlert {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(annotations, "annotations");
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
