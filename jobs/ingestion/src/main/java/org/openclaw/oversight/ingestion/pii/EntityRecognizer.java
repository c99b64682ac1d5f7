package org.openclaw.oversight.ingestion.pii;

import java.io.Serializable;
import java.util.List;

/**
 * The seam for a statistical named-entity model (spaCy, Flair, an ONNX transformer ...) that a deployment may add
 * next to the rule-based detectors: {@link PiiScanner#withRecognizer} merges its spans with the scanner's own
 * findings (overlaps resolved as for any detector: the longer span wins), and they are redacted and pseudonymised
 * alike. None is required; the scanner ships without one.
 *
 * <p>Implementations travel inside Flink operators, so they must be serialisable (load the model lazily, in a
 * transient field) and thread-safe. An exception thrown by {@link #recognise} withholds the whole text, as for any
 * detector failure, rather than letting it pass unscanned.
 */
public interface EntityRecognizer extends Serializable {

    /** A span of personal data, {@code [start, end)} in the scanned text. */
    record Entity(PiiType type, int start, int end) {
    }

    /** Short name that becomes the findings' detector, prefixed with {@code ner-} (e.g. {@code ner-flair-de}). */
    String name();

    /** The entities found in {@code text}; spans outside the text or empty are ignored. */
    List<Entity> recognise(String text);
}
