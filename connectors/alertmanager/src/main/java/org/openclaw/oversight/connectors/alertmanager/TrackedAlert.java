package org.openclaw.oversight.connectors.alertmanager;

import java.util.Objects;

/**
 * One alert as it is checkpointed: the content, when the sink last received it (to pick the newest
 * copy when restored states overlap), whether Alertmanager has acknowledged the current content,
 * and, for a resolution, from when on it may be forgotten.
 *
 * @param delivered false = pending: this content has not reached Alertmanager yet
 * @param forgetAtMillis for a resolved alert the time after which it is dropped once delivered;
 *     {@link Long#MAX_VALUE} for a firing one
 */
public record TrackedAlert(AlertContent content, long receivedAtMillis, boolean delivered, long forgetAtMillis) {

    public TrackedAlert {
        Objects.requireNonNull(content, "content");
    }

    public String fingerprint() {
        return content.fingerprint();
    }
}
