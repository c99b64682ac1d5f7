package org.openclaw.oversight.enforcement;

import org.apache.flink.api.connector.source.Source;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;

/**
 * What the job reads, as raw records: the clean events, the control commands (kill switch) and the policy
 * documents and change approvals. {@link PolicyEnforcementJob#sources} makes the Kafka ones; tests and replay pass
 * bounded sources.
 */
public record PolicyEnforcementSources(Source<KafkaRawRecord, ?, ?> cleanEvents, Source<KafkaRawRecord, ?, ?> agentControl,
                                       Source<KafkaRawRecord, ?, ?> policies) {}
