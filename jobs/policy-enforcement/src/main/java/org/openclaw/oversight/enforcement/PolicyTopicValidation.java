package org.openclaw.oversight.enforcement;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.openclaw.oversight.config.ConfigException;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.policy.PolicyHierarchy;
import org.openclaw.oversight.schema.Alert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code oversight.policies.v1}: a policy document is parsed and validated exactly as
 * {@code oversight policy push} does; a valid one is broadcast to the rule operators, an invalid one (however it
 * got there) becomes a PolicyRejected alert on {@link #REJECTED} and is not broadcast, so the previous version
 * stays in force. Approval keys ({@link ChangeApprovals}) become approvals. A tombstone (null value) changes
 * nothing: deleting the active document does not switch enforcement off.
 */
public final class PolicyTopicValidation extends ProcessFunction<KafkaRawRecord, PolicyMessage> {

    public static final OutputTag<Alert> REJECTED = new OutputTag<>("policy-rejected", new AvroTypeInfo<>(Alert.class));
    public static final TypeInformation<PolicyMessage> TYPE = TypeInformation.of(PolicyMessage.class);

    private static final Logger LOG = LoggerFactory.getLogger(PolicyTopicValidation.class);

    @Override
    public void processElement(KafkaRawRecord record, Context ctx, Collector<PolicyMessage> out) {
        String key = record.key == null ? "(no key)" : new String(record.key, StandardCharsets.UTF_8);
        if (record.value == null) {
            LOG.info("policy record {} deleted (tombstone): the active policy stays as it is", key);
            return;
        }
        Optional<String[]> approval = ChangeApprovals.parse(key);
        if (approval.isPresent()) {
            String[] parts = approval.get();
            out.collect(PolicyMessage.approval(parts[0], parts[1], parts[2]));
            return;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(record.value)).toString();
        } catch (CharacterCodingException e) {
            reject(ctx, key, record, "the value is not UTF-8 text (a policies.yml document is expected)");
            return;
        }
        try {
            PolicyHierarchy hierarchy = PolicyHierarchy.parse(text, Topics.POLICIES + " " + key);
            LOG.info("policy document {} version {} accepted (offset {})", key, hierarchy.version(), record.offset);
            out.collect(PolicyMessage.document(key, text, hierarchy.version()));
        } catch (ConfigException e) {
            reject(ctx, key, record, e.getMessage());
        } catch (RuntimeException e) {
            reject(ctx, key, record, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void reject(Context ctx, String key, KafkaRawRecord record, String reason) {
        LOG.warn("policy document {} at offset {} rejected, the previous version stays active: {}", key, record.offset, reason);
        ctx.output(REJECTED, EnforcementAlerts.rejected(key, "offset " + record.offset + ": " + reason, record.timestamp));
    }
}
