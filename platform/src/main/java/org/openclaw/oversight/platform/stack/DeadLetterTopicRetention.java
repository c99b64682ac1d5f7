package org.openclaw.oversight.platform.stack;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.openclaw.oversight.config.DurationSyntax;
import org.openclaw.oversight.connectors.kafka.Topics;

/**
 * Keeps the DLQ topic's {@code retention.ms} at {@code storage.retention.dead_letters}: a topic
 * created with another retention (an older {@code up}, someone's kafka-configs) is corrected, because
 * a longer one keeps raw records longer than the config promises.
 */
final class DeadLetterTopicRetention {

    private DeadLetterTopicRetention() {}

    /** The retention.ms value for {@code retention}. */
    static String retentionMs(Duration retention) {
        return Long.toString(retention.toMillis());
    }

    /** Sets the topic's retention when it differs; says what it found and did. */
    static String ensure(Admin admin, String topic, Duration retention) throws ExecutionException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        ConfigEntry current = config.get(TopicConfig.RETENTION_MS_CONFIG);
        String wanted = retentionMs(retention);
        if (current != null && wanted.equals(current.value())) {
            return "dead letters kept " + DurationSyntax.format(retention);
        }
        AlterConfigOp set = new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, wanted), AlterConfigOp.OpType.SET);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(set))).all().get();
        return "dead letters kept " + DurationSyntax.format(retention) + " (corrected from "
                + (current == null ? "the broker default" : describe(current.value())) + ")";
    }

    /** True for the topic whose retention this class manages. */
    static boolean manages(String topic) {
        return Topics.DEAD_LETTERS.equals(topic);
    }

    private static String describe(String retentionMs) {
        try {
            long ms = Long.parseLong(retentionMs);
            return ms < 0 ? "unlimited" : DurationSyntax.format(Duration.ofMillis(ms));
        } catch (NumberFormatException e) {
            return retentionMs;
        }
    }
}
