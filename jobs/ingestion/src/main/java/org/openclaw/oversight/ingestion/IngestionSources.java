package org.openclaw.oversight.ingestion;

import org.apache.flink.api.connector.source.Source;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;

/**
 * What the job reads, as raw records (decoding and its dead letters are part of the job): agent events
 * and channel messages. {@link IngestionJob#sources} makes the Kafka ones; tests pass bounded sources
 * over topics of their own.
 */
public record IngestionSources(Source<KafkaRawRecord, ?, ?> agentEvents, Source<KafkaRawRecord, ?, ?> channelMessages) {}
