package org.openclaw.oversight.platform.simulator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
 * A simulated run through ingestion's own steps (tag, price and sample; PII scan and redaction) and the policy job's
 * own operators ({@link PolicyReplay#evaluate}, i.e. {@code PolicyEnforcementJob.enforce}) on a local MiniCluster,
 * in the order ingestion would read the records, with the job's event-time bound.
 */
final class SimulatedPolicyRun {

    /**
     * The records of the run, read by index by the job's source: the local MiniCluster runs in this JVM, and a
     * collection source would copy hundreds of thousands of events into the job graph.
     */
    static volatile List<CleanEvent> events = List.of();

    private SimulatedPolicyRun() {}

    /** The clean events of a run's records, in delivery order (heartbeats are not for the policy job). */
    static List<CleanEvent> clean(RecordedRun run) {
        List<CleanEvent> clean = new ArrayList<>();
        for (SimulatedRecord r : run.records) {
            if (r.value() instanceof AgentEvent e) {
                clean.add(CleanEvents.of(e));
            } else if (r.value() instanceof ChannelMessage m) {
                clean.add(CleanEvents.of(m));
            }
        }
        return clean;
    }

    /** Every violation the policy job raises over these events and control commands (no change approvals). */
    static List<Violation> violations(OversightConfiguration config, List<CleanEvent> clean, List<ControlCommand> commands,
            Path keyDir) throws Exception {
        events = clean;
        Path key = keyDir.resolve("pii.key");
        Files.writeString(key, "simulated-policy-run-key-0123456789abcdef0123456789", StandardCharsets.UTF_8);
        PolicyEnforcementSettings policy = PolicyEnforcementSettings.of(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        AvroTypeInfo<CleanEvent> type = new AvroTypeInfo<>(CleanEvent.class);
        DataStream<CleanEvent> ingested = env.fromSequence(0, clean.size() - 1).setParallelism(1)
                .map(i -> events.get(i.intValue()), type).name("simulated records").uid("simulated-records").setParallelism(1)
                // the job's bound (the source is read in delivery order, so one watermark over it is the job's)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<CleanEvent>forBoundedOutOfOrderness(policy.outOfOrderness())
                        .withTimestampAssigner((e, previous) -> e.getEventTime().toEpochMilli()))
                .name("event time").uid("event-time").setParallelism(1)
                .map(new TagPriceAndSample(IngestionRules.from(config)), type).name("tag, price and sample").uid("tag-price-sample")
                .process(new ScanAndRedact(SecretSource.file(SecretKind.PII_KEY, key)), type).name("scan and redact").uid("scan-redact");
        // a collection source needs an element: a command for nobody, filtered out
        List<ControlCommand> all = new ArrayList<>(commands);
        all.add(ControlCommand.newBuilder().setAgentId("nobody").setTenantId("nobody").setAction(ControlAction.RESUME)
                .setReason("none").setIssuedAt(Instant.EPOCH).build());
        DataStream<ControlCommand> control = env.fromData(all, new AvroTypeInfo<>(ControlCommand.class))
                .filter(c -> !"nobody".equals(c.getAgentId())).name("control commands").uid("control-commands");
        DataStream<PolicyMessage> approvals = env.fromData(List.of(PolicyMessage.approval("nobody", "0", "nobody")),
                PolicyTopicValidation.TYPE).filter(m -> false).name("no approvals").uid("no-approvals");
        return PolicyReplay.evaluate(ingested, control, approvals, policy,
                Instant.ofEpochMilli(Long.MIN_VALUE / 2), Instant.ofEpochMilli(Long.MAX_VALUE / 2));
    }
}
