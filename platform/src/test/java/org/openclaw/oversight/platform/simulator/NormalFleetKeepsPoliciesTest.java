package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.enforcement.PolicyEnforcementSettings;
import org.openclaw.oversight.enforcement.PolicyMessage;
import org.openclaw.oversight.enforcement.PolicyReplay;
import org.openclaw.oversight.enforcement.PolicyTopicValidation;
import org.openclaw.oversight.enforcement.Violation;
import org.openclaw.oversight.ingestion.CleanEvents;
import org.openclaw.oversight.ingestion.IngestionRules;
import org.openclaw.oversight.ingestion.ScanAndRedact;
import org.openclaw.oversight.ingestion.TagPriceAndSample;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.ControlAction;
import org.openclaw.oversight.schema.ControlCommand;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;

/**
 * The simulator's normal fleet keeps every rule of the shipped policies.yml: a simulated hour without incidents,
 * delivered with 5 s disorder, through ingestion's own steps (tag, price and sample; PII scan and redaction) and the
 * policy job's own operators ({@link PolicyReplay#evaluate}, i.e. {@code PolicyEnforcementJob.enforce}) on a local
 * MiniCluster, raise no violation of any rule. The simulator breaks rules only through its incidents
 * (README-simulator.md, "Policy rules"), so here the expected count is zero for every rule, not a tolerance.
 */
class NormalFleetKeepsPoliciesTest {

    private static final Path CONFIG = Path.of("..", "config").toAbsolutePath().normalize();
    /** An hour: ~165,000 clean events, ~24,000 replies, ~30 s on the shared machine (two hours take twice that). */
    private static final long PERIOD_MS = Duration.ofHours(1).toMillis();
    /**
     * The simulation stops at its end: a turn that starts in its last moments loses the spans after it (an escalation,
     * a review), so violations this close to the end judge an interaction the run cut off, not the fleet.
     */
    private static final long CUT_OFF_MS = Duration.ofMinutes(2).toMillis();

    @Test
    void anHourOfTheDefaultFleetWithDisorderBreaksNoRule(@TempDir Path keys) throws Exception {
        OversightConfiguration config = OversightConfiguration.load(CONFIG);
        Fleet fleet = FleetLoader.fleetOf(config);
        SimulationSettings settings = new SimulationSettings(11, RecordedRun.START, 50).withDisorder(5_000);
        RecordedRun run = RecordedRun.of(fleet, Scenario.none(), settings, null, SimulationRun.UNBOUNDED, PERIOD_MS);
        List<CleanEvent> clean = SimulatedPolicyRun.clean(run);
        long outbound = clean.stream().filter(e -> e.getChannelMessage() != null
                && e.getChannelMessage().getDirection() == org.openclaw.oversight.schema.Direction.OUTBOUND).count();
        assertThat(outbound).as("a long run: thousands of replies").isGreaterThan(20_000);

        int count = clean.size();
        // no control commands, no approvals (the fleet runs its configured versions)
        List<Violation> violations = SimulatedPolicyRun.violations(config, clean, List.of(), keys);

        long cutOff = RecordedRun.START + PERIOD_MS - CUT_OFF_MS;
        violations = violations.stream().filter(v -> v.timeMs < cutOff).toList();
        Map<String, Long> byRule = violations.stream()
                .collect(Collectors.groupingBy(v -> v.rule + " of " + v.agentId, TreeMap::new, Collectors.counting()));
        List<String> examples = violations.stream().collect(Collectors.toMap(v -> v.rule, v -> v, (a, b) -> a)).values().stream()
                .map(v -> v.rule + ": " + v.observed + " (limit " + v.limit + ") at " + Instant.ofEpochMilli(v.timeMs) + " in "
                        + interaction(clean, v.interactionId))
                .toList();
        assertThat(byRule).as("violations of %d clean events (%d replies) of the normal fleet, e.g. %s", count, outbound, examples)
                .isEmpty();
    }

    /** The events of a trace or conversation, for the message of a failure. */
    private static String interaction(List<CleanEvent> clean, String id) {
        return clean.stream().filter(e -> id != null && id.equals(e.getAgentEvent() != null ? e.getAgentEvent().getTraceId()
                        : e.getChannelMessage().getConversationId()))
                .map(e -> e.getAgentEvent() != null
                        ? e.getAgentEvent().getKind() + " " + e.getAgentId() + " " + e.getEventTime() + " +" + e.getAgentEvent().getDurationMs()
                                + "ms " + e.getAgentEvent().getStatus()
                        : e.getChannelMessage().getDirection() + " " + e.getEventTime() + " '" + e.getChannelMessage().getText() + "'")
                .collect(Collectors.joining("; ", "[", "]"));
    }
}
