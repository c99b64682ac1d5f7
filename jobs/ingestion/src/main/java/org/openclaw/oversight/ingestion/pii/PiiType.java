package org.openclaw.oversight.ingestion.pii;

/** Kinds of personal data and secrets the scanner finds; the placeholder in redacted text is {@code [NAME_n]}. */
public enum PiiType {
    EMAIL,
    PHONE,
    IBAN,
    PAYMENT_CARD,
    IP_ADDRESS,
    DE_TAX_ID,
    US_SSN,
    SECRET,
    DATE_OF_BIRTH,
    PERSON,
    POSTAL_ADDRESS,
    /** Personalausweis document number. */
    DE_ID_CARD,
    /** Reisepass document number. */
    DE_PASSPORT,
    /** Krankenversichertennummer. */
    DE_HEALTH_INSURANCE_NUMBER,
    /** Rentenversicherungsnummer (Sozialversicherungsnummer). */
    DE_PENSION_INSURANCE_NUMBER
}
