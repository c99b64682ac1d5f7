package org.openclaw.oversight.incident;

import org.apache.flink.api.connector.source.Source;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;

/**
 * What the job reads, as raw records (decoding and its dead letters are part of the job): the alerts,
 * the heartbeats (health checks after a restart, the agents of a tenant) and people's incident commands.
 */
public record IncidentResponseSources(Source<KafkaRawRecord, ?, ?> alerts, Source<KafkaRawRecord, ?, ?> heartbeats,
        Source<KafkaRawRecord, ?, ?> commands) {}
