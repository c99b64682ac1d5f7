package org.openclaw.oversight.platform.simulator;

/** Kinds of personal data and secrets the simulator plants in texts; one per detector of the ingestion scanner. */
public enum PiiKind {
    EMAIL,
    PHONE_E164,
    PHONE_DE_NATIONAL,
    PHONE_DE_MOBILE,
    PHONE_US,
    PHONE_UK,
    IBAN,
    CREDIT_CARD,
    IPV4,
    IPV6,
    DE_TAX_ID,
    US_SSN,
    AWS_ACCESS_KEY,
    API_KEY,
    BEARER_TOKEN,
    PRIVATE_KEY,
    DATE_OF_BIRTH
}
