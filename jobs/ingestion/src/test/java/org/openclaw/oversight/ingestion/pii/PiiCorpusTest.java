package org.openclaw.oversight.ingestion.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The labelled corpus (src/test/resources/pii-corpus): its shape, that the generated part is what the generator
 * writes, and precision and recall per type against the targets of issue 11. The tuning part and the first held-out
 * part must meet the targets (the first held-out part's name misses were known when the name rules were reworked
 * in the second round, so it is development data now). The second held-out part was blind in the second round and
 * is development data of the third; it meets the targets now. The third held-out part, written and committed before
 * any change of the third round and measured once before (names: recall 0.593, precision 0.724) and once after it
 * (recall 0.827, precision 0.816; addresses 0.900 / 0.750, see the README), misses the name and address targets; it
 * is held at that level, so a change that improves the other parts at its expense fails here.
 * <p>
 * Fourth round: held-out part 4 (482 sentences, 74 address labels) was written and committed before any change of
 * the round and measured once before (names 0.763 / 0.755, addresses 0.838 / 0.957) and once after it (names 0.846
 * / 0.804, addresses 0.946 / 0.987); the round's rules were developed on tuning part 4 (written after part 4, other
 * names and sentences). Both are held at their measured levels (below the targets for names), part 3 at its new
 * level (names 0.833 / 0.846, addresses 1.000 / 0.909).
 */
class PiiCorpusTest {
    private static final PiiScanner SCANNER =
            PiiScanner.create("corpus-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final List<String> TUNING = List.of("handwritten-tuning.txt", "generated-tuning.txt");
    private static final List<String> HELD_OUT = List.of("handwritten-heldout.txt", "generated-heldout.txt");
    private static final List<String> HELD_OUT_2 = List.of("handwritten-heldout-2.txt");
    private static final List<String> HELD_OUT_3 = List.of("handwritten-heldout-3.txt");
    private static final List<String> TUNING_4 = List.of("handwritten-tuning-4.txt");
    private static final List<String> HELD_OUT_4 = List.of("handwritten-heldout-4.txt");

    private static List<LabelledCorpus.Sentence> tuning;
    private static List<LabelledCorpus.Sentence> heldOut;
    private static List<LabelledCorpus.Sentence> heldOut2;
    private static List<LabelledCorpus.Sentence> heldOut3;
    private static List<LabelledCorpus.Sentence> tuning4;
    private static List<LabelledCorpus.Sentence> heldOut4;

    @BeforeAll
    static void read() throws IOException {
        tuning = read(TUNING);
        heldOut = read(HELD_OUT);
        heldOut2 = read(HELD_OUT_2);
        heldOut3 = read(HELD_OUT_3);
        tuning4 = read(TUNING_4);
        heldOut4 = read(HELD_OUT_4);
    }

    private static List<LabelledCorpus.Sentence> read(List<String> files) throws IOException {
        List<LabelledCorpus.Sentence> out = new ArrayList<>();
        for (String f : files) {
            out.addAll(LabelledCorpus.read(PiiCorpusGenerator.DIR.resolve(f)));
        }
        return out;
    }

    @Test
    void theGeneratedFilesAreWhatTheGeneratorWrites() throws IOException {
        assertThat(Files.readString(PiiCorpusGenerator.DIR.resolve("generated-tuning.txt"), StandardCharsets.UTF_8))
                .as("rerun PiiCorpusGenerator.main after changing a template").isEqualTo(PiiCorpusGenerator.tuning());
        assertThat(Files.readString(PiiCorpusGenerator.DIR.resolve("generated-heldout.txt"), StandardCharsets.UTF_8))
                .isEqualTo(PiiCorpusGenerator.heldOut());
    }

    @Test
    void theCorpusHasAThousandSentencesAndAtLeastHalfAreNegatives() {
        List<LabelledCorpus.Sentence> all = new ArrayList<>(tuning);
        all.addAll(heldOut);
        assertThat(all).hasSizeGreaterThanOrEqualTo(1000);
        assertThat(all.stream().filter(s -> s.labels().isEmpty()).count()).isGreaterThanOrEqualTo(all.size() / 2);
        assertThat(heldOut).hasSizeGreaterThanOrEqualTo(500);
        assertThat(heldOut2).hasSizeGreaterThanOrEqualTo(300);
        assertThat(heldOut2.stream().filter(s -> s.labels().isEmpty()).count())
                .isGreaterThanOrEqualTo(heldOut2.size() / 2);
        assertThat(heldOut3).hasSizeGreaterThanOrEqualTo(300);
        assertThat(heldOut3.stream().filter(s -> s.labels().isEmpty()).count())
                .isGreaterThanOrEqualTo(heldOut3.size() / 2);
        assertThat(heldOut4).hasSizeGreaterThanOrEqualTo(400);
        assertThat(heldOut4.stream().filter(s -> s.labels().isEmpty()).count())
                .isGreaterThanOrEqualTo(heldOut4.size() / 2);
        assertThat(heldOut4.stream().flatMap(s -> s.labels().stream())
                .filter(l -> l.type() == PiiType.POSTAL_ADDRESS).count()).isGreaterThanOrEqualTo(60);
        all.addAll(heldOut2);
        all.addAll(heldOut3);
        all.addAll(tuning4);
        all.addAll(heldOut4);
        for (LabelledCorpus.Sentence s : all) {
            for (LabelledCorpus.Label l : s.labels()) {
                assertThat(s.text().substring(l.start(), l.end())).as(s.source() + ":" + s.line()).isNotBlank();
            }
        }
    }

    @Test
    void theTuningPartMeetsTheTargets() {
        assertTargets(CorpusScore.of(SCANNER, tuning), "tuning");
    }

    @Test
    void theFirstHeldOutPartMeetsTheTargets() {
        assertTargets(CorpusScore.of(SCANNER, heldOut), "held-out", 0.95, 0.9);
    }

    @Test
    void theSecondHeldOutPartMeetsTheTargets() {
        assertTargets(CorpusScore.of(SCANNER, heldOut2), "held-out-2", 0.95, 0.9);
    }

    @Test
    void theThirdHeldOutPartStaysAtItsMeasuredLevel() {
        assertTargets(CorpusScore.of(SCANNER, heldOut3), "held-out-3", 0.83, 0.84, 1.0, 0.9);
    }

    @Test
    void theFourthRoundsTuningPartStaysAtItsMeasuredLevel() {
        // measured 0.917 / 0.833 for names, 0.971 / 1.000 for addresses: below the name targets, held there
        assertTargets(CorpusScore.of(SCANNER, tuning4), "tuning-4", 0.91, 0.83, 0.97, 1.0);
    }

    @Test
    void theFourthHeldOutPartStaysAtItsMeasuredLevel() {
        // blind: measured once before the fourth round (names 0.763 / 0.755, addresses 0.838 / 0.957) and once after
        // it (0.846 / 0.804, 0.946 / 0.987); the targets are not met for names, nor quite for address recall
        assertTargets(CorpusScore.of(SCANNER, heldOut4), "held-out-4", 0.84, 0.80, 0.94, 0.98);
    }

    private static void assertTargets(CorpusScore score, String part) {
        assertTargets(score, part, 0.95, 0.9);
    }

    private static void assertTargets(CorpusScore score, String part, double nameRecall, double namePrecision) {
        assertTargets(score, part, nameRecall, namePrecision, 0.95, 0.9);
    }

    private static void assertTargets(CorpusScore score, String part, double nameRecall, double namePrecision,
            double addressRecall, double addressPrecision) {
        String report = part + "\n" + score.table() + String.join("\n", score.misses()) + "\n"
                + String.join("\n", score.falsePositives());
        assertThat(score.of(PiiType.PERSON).recall()).as("PERSON recall\n" + report).isGreaterThanOrEqualTo(nameRecall);
        assertThat(score.of(PiiType.PERSON).precision()).as("PERSON precision\n" + report)
                .isGreaterThanOrEqualTo(namePrecision);
        assertThat(score.of(PiiType.POSTAL_ADDRESS).recall()).as("address recall\n" + report)
                .isGreaterThanOrEqualTo(addressRecall);
        assertThat(score.of(PiiType.POSTAL_ADDRESS).precision()).as("address precision\n" + report)
                .isGreaterThanOrEqualTo(addressPrecision);
        CorpusScore.Counts checksummed = score.of(CorpusScore.CHECKSUMMED);
        assertThat(checksummed.recall()).as("checksummed recall\n" + report).isGreaterThanOrEqualTo(0.99);
        assertThat(checksummed.precision()).as("checksummed precision\n" + report).isGreaterThanOrEqualTo(0.99);
        assertThat(score.of(PiiType.DATE_OF_BIRTH).recall()).as("birth date recall\n" + report)
                .isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void aMalformedMarkerIsAnErrorNamingTheLine() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LabelledCorpus.parse("x.txt", 7, "[[NAME:Anna]]"))
                .hasMessageContaining("x.txt:7").hasMessageContaining("NAME");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LabelledCorpus.parse("x.txt", 8, "[[PERSON:Anna"))
                .hasMessageContaining("x.txt:8");
        LabelledCorpus.Sentence s = LabelledCorpus.parse("x.txt", 9, "Hallo [[PERSON:Anna]],\\nbis bald");
        assertThat(s.text()).isEqualTo("Hallo Anna,\nbis bald");
        assertThat(s.labels()).containsExactly(new LabelledCorpus.Label(PiiType.PERSON, 6, 10));
    }

    /** For tuning by hand: prints the tables of the parts (the held-out misses are not printed on purpose). */
    public static void main(String[] args) throws IOException {
        read();
        System.out.println("tuning\n" + CorpusScore.of(SCANNER, tuning).table());
        System.out.println("held-out\n" + CorpusScore.of(SCANNER, heldOut).table());
        System.out.println("held-out-2\n" + CorpusScore.of(SCANNER, read(HELD_OUT_2)).table());
        System.out.println("held-out-3\n" + CorpusScore.of(SCANNER, read(HELD_OUT_3)).table());
        System.out.println("tuning-4\n" + CorpusScore.of(SCANNER, read(TUNING_4)).table());
        System.out.println("held-out-4\n" + CorpusScore.of(SCANNER, read(HELD_OUT_4)).table());
    }
}
