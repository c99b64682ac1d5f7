package org.openclaw.oversight.bench.choices;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.OutputStream;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;

/**
 * The two library-choice benchmarks on tiny inputs: each pair of variants must produce the same
 * results, and the inputs must exercise what the comparison is about (corrections, late events).
 */
@ExtendWith(LocalStackExtension.class)
class LibraryChoicesITCase {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void everySinkConfigurationLeavesTheSameTableAndTheRawRewriteCannotTakeCorrections(LocalPostgres postgres) throws Exception {
        JdbcConnection db = new JdbcConnection(postgres.createDatabase("bench_sink_vs_jdbc"), postgres.user(), postgres.password());
        DatabaseMigrations.migrate(db);
        SinkVsJdbcBenchmark.Settings s = new SinkVsJdbcBenchmark.Settings(2_000, 1, 2, 500, 1_000, false, false);
        MetricsRowStream corrections = MetricsRowStream.withCorrections();
        MetricsRowStream.Expected expected = corrections.expected(2_000);
        assertThat(expected.updates()).as("the input rewrites existing keys").isGreaterThan(300);

        // write() itself checks the table against the input's last row per key
        AlternatingRounds.Run noRewrite = SinkVsJdbcBenchmark.write(db, s, corrections, 2_000,
                SinkVsJdbcBenchmark.sink(db, 1_000, false), "it-no-rewrite");
        AlternatingRounds.Run keyUnique = SinkVsJdbcBenchmark.write(db, s, corrections, 2_000,
                SinkVsJdbcBenchmark.sink(db, 1_000, true), "it-rewrite-key-unique");
        AlternatingRounds.Run raw = SinkVsJdbcBenchmark.write(db, s, corrections, 2_000,
                SinkVsJdbcBenchmark.rawLibrary(db, 1_000, false, 0), "it-raw-library");
        assertThat(keyUnique.digest()).isEqualTo(noRewrite.digest()).isEqualTo(raw.digest()).startsWith(expected.rows() + " rows");

        String rewrite = SinkVsJdbcBenchmark.rewriteOutcome(db, s, corrections, 2_000, QUIET);
        assertThat(rewrite).startsWith("fails").contains("cannot affect row a second time");
    }

    @Test
    void agentWindowsAndFlinkWindowsLeaveTheSameRows() throws Exception {
        // 120 events a minute: 100 min of event time, so hours close and late events reach closed windows
        WindowsVsFlinkBenchmark.Settings s = new WindowsVsFlinkBenchmark.Settings(12_000, 1, 2, 1_000, 120, 64);
        WindowsVsFlinkBenchmark.Outputs ours = WindowsVsFlinkBenchmark.run(s, true, "it-ours", 12_000, QUIET).outputs();
        WindowsVsFlinkBenchmark.Outputs flink = WindowsVsFlinkBenchmark.run(s, false, "it-flink", 12_000, QUIET).outputs();

        assertThat(flink.digest()).isEqualTo(ours.digest());
        assertThat(ours.minuteEmissions()).as("late corrections re-fire minutes").isGreaterThan(ours.minuteRows());
        assertThat(ours.hourRows()).isGreaterThan(100);
        assertThat(ours.lateForMinute()).as("events too late for their minute").isGreaterThan(50);
        assertThat(ours.lateForHour()).as("events too late for their hour").isGreaterThan(10);
        assertThat(ours.spendNanoEur()).isPositive();
    }

    @Test
    void theFlinkWindowsStateIsSerializedWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(HourPanes.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(HourPart.class);
    }
}
