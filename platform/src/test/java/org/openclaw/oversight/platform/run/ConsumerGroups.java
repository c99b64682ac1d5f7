package org.openclaw.oversight.platform.run;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.cost.CostAggregationJob;
import org.openclaw.oversight.ingestion.IngestionJob;

/**
 * The jobs read fixed topics with fixed consumer groups, and the test servers are shared by the test
 * classes of a run: moving the groups' committed offsets to the end before a test starts its jobs keeps
 * it from reading what earlier tests left (whose event times would move its watermarks).
 */
public final class ConsumerGroups {

    private ConsumerGroups() {}

    public static void skipEverythingSentSoFar(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            skipToEnd(admin, IngestionJob.CONSUMER_GROUP, Topics.AGENT_EVENTS);
            skipToEnd(admin, IngestionJob.CONSUMER_GROUP + "-messages", Topics.CHANNEL_MESSAGES);
            skipToEnd(admin, CostAggregationJob.CONSUMER_GROUP, Topics.CLEAN_EVENTS);
        }
    }

    private static void skipToEnd(Admin admin, String group, String topic) throws Exception {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                .forEach((partition, info) -> end.put(partition, new OffsetAndMetadata(info.offset())));
        admin.alterConsumerGroupOffsets(group, end).all().get(30, TimeUnit.SECONDS);
    }
}
