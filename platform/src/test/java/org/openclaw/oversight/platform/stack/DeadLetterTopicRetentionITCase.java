package org.openclaw.oversight.platform.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalStackExtension;

/** `oversight up` keeps the DLQ topic's retention at storage.retention.dead_letters on a real broker. */
@ExtendWith(LocalStackExtension.class)
class DeadLetterTopicRetentionITCase {

    private static final String TOPIC = "retention-it.dlq";

    @Test
    void anotherRetentionIsCorrectedAndTheRightOneLeftAlone(KafkaBroker kafka) throws Exception {
        kafka.createTopic(TOPIC, 1, Map.of("retention.ms", Long.toString(Duration.ofDays(30).toMillis())));
        try (Admin admin = UpCommand.admin(kafka.bootstrapServers())) {
            assertThat(DeadLetterTopicRetention.ensure(admin, TOPIC, Duration.ofDays(7)))
                    .isEqualTo("dead letters kept 7d (corrected from 30d)");
            awaitRetention(admin, Duration.ofDays(7));

            assertThat(DeadLetterTopicRetention.ensure(admin, TOPIC, Duration.ofDays(7))).isEqualTo("dead letters kept 7d");

            assertThat(DeadLetterTopicRetention.ensure(admin, TOPIC, Duration.ofHours(36)))
                    .isEqualTo("dead letters kept 36h (corrected from 7d)");
            awaitRetention(admin, Duration.ofHours(36));
        }
    }

    /** The broker applies a config change from the metadata log shortly after the controller accepted it. */
    private static void awaitRetention(Admin admin, Duration expected) throws Exception {
        String wanted = Long.toString(expected.toMillis());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String seen = retentionMs(admin);
        while (!wanted.equals(seen) && System.nanoTime() < deadline) {
            seen = retentionMs(admin);
        }
        assertThat(seen).isEqualTo(wanted);
    }

    private static String retentionMs(Admin admin) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value();
    }
}
