package org.openclaw.oversight.anomaly;

import org.apache.flink.api.connector.source.Source;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;

/**
 * What the job reads, as raw records (decoding and its dead letters are part of the job): the clean
 * events, the heartbeats and cost-aggregation's minute rows. {@link AnomalyDetectionJob#sources} makes
 * the Kafka ones; tests pass bounded sources over topics of their own.
 */
public record AnomalyDetectionSources(Source<KafkaRawRecord, ?, ?> cleanEvents, Source<KafkaRawRecord, ?, ?> heartbeats,
                                      Source<KafkaRawRecord, ?, ?> agentMetrics) {}
