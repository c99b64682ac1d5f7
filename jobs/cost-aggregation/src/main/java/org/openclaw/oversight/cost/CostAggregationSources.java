package org.openclaw.oversight.cost;

import org.apache.flink.api.connector.source.Source;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;

/**
 * What the job reads: the clean events, as raw records (decoding and its dead letters are part of the
 * job). {@link CostAggregationJob#sources} makes the Kafka one; tests pass bounded sources over topics of
 * their own.
 */
public record CostAggregationSources(Source<KafkaRawRecord, ?, ?> cleanEvents) {}
