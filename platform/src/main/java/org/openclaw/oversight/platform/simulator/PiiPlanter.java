package org.openclaw.oversight.platform.simulator;

import java.util.List;
import java.util.Random;

/**
 * Plants synthetic personal data in texts and reports every value: in about 8 % of user requests, cycling through
 * every kind, and in the answers of an agent hit by pii_in_output, cycling through what a model would repeat.
 */
final class PiiPlanter {
    private static final double USER_PII_PROBABILITY = 0.08;
    /** Kinds an agent leaks in pii_in_output: what a model would plausibly repeat from its context. */
    private static final List<PiiKind> LEAKED_KINDS = List.of(PiiKind.EMAIL, PiiKind.IBAN, PiiKind.CREDIT_CARD,
            PiiKind.PHONE_E164, PiiKind.DE_TAX_ID, PiiKind.US_SSN, PiiKind.API_KEY, PiiKind.DATE_OF_BIRTH);

    private final Random random;
    private final SyntheticPii pii;
    private final InjectionReport report;
    private int userTurn;
    private int leakTurn;

    PiiPlanter(Random random, InjectionReport report) {
        this.random = random;
        this.pii = new SyntheticPii(random);
        this.report = report;
    }

    /** The user's request, perhaps with one value appended; what was planted is added to {@code into}. */
    String intoRequest(String text, boolean german, List<PlantedPii> into) {
        if (random.nextDouble() >= USER_PII_PROBABILITY) {
            return text;
        }
        // round robin over the kinds so every detector gets work early in a run
        PiiKind kind = PiiKind.values()[userTurn++ % PiiKind.values().length];
        return text + " " + plant(kind, german, false, into);
    }

    /** The agent's answer with one leaked value appended; what was planted is added to {@code into}. */
    String leakInto(String answer, boolean german, List<PlantedPii> into) {
        PiiKind kind = LEAKED_KINDS.get(leakTurn++ % LEAKED_KINDS.size());
        return answer + " " + plant(kind, german, true, into);
    }

    private String plant(PiiKind kind, boolean german, boolean leakedByAgent, List<PlantedPii> into) {
        String value = pii.value(kind);
        PlantedPii planted = new PlantedPii(kind, Texts.valueAsWritten(kind, value, german), leakedByAgent);
        report.planted(planted);
        into.add(planted);
        return Texts.sentence(kind, value, german);
    }
}
