package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the exact output of fixed-seed runs, recorded before {@code FleetSimulation} was split into its parts
 * (issue 10): a refactoring that changes one byte, one id or one draw of the random sequence fails here. A change
 * that is meant to alter the output (a new incident kind, new fields) updates the digests on purpose and says so.
 */
class FleetSimulationDigestTest {

    @Test
    void builtInScenarioRunIsTheRecordedOne() {
        assertThat(digest(RecordedRun.builtIn(42)))
                .isEqualTo("b43a5fb51522afa8ab2eb91ace5fb19d67a43661afb9ada21233508145888a90");
    }

    @Test
    void longRunWithAnotherSeedIsTheRecordedOne() {
        Fleet fleet = Fleet.builtIn();
        RecordedRun run = RecordedRun.of(fleet, new ScenarioLoader(fleet).loadBuiltIn(), 7, 30_000,
                SimulationRun.UNBOUNDED);
        assertThat(digest(run))
                .isEqualTo("43d73942a199fc2263331f3a6b193a60a200815151f668a4b84c7f1239ff49b1");
    }

    @Test
    void runWithoutIncidentsIsTheRecordedOne() {
        RecordedRun run = RecordedRun.of(Fleet.builtIn(), Scenario.none(), 3, 5_000, SimulationRun.UNBOUNDED);
        assertThat(digest(run))
                .isEqualTo("e6c6bb9e24540e9b946ea5c7b4c5cb141d14783cfecfa76db2d7ad4d00a9274a");
    }

    /** SHA-256 over topic, key and Avro bytes of every record, their ids and times, then the JSON report. */
    private static String digest(RecordedRun run) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(run.bytes());
            for (SimulatedRecord r : run.records) {
                sha.update((r.id() + "|" + r.agentId() + "|" + r.eventTime() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            sha.update(run.report.toJson().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
