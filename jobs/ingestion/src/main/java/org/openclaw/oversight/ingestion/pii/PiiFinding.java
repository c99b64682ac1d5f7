package org.openclaw.oversight.ingestion.pii;

/**
 * One finding. Offsets point into the ORIGINAL text, {@code [start, end)}. The raw value is deliberately not a
 * field: a finding may be logged or stored, the value never.
 *
 * @param detector  the rule that matched, e.g. {@code "iban"}, {@code "phone-de-mobile"}
 * @param pseudonym hex HMAC-SHA256 of the normalised value under the scanner key (stable across events)
 */
public record PiiFinding(PiiType type, int start, int end, String detector, String pseudonym)
        implements java.io.Serializable {
}
