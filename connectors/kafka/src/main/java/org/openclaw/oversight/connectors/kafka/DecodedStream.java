package org.openclaw.oversight.connectors.kafka;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.openclaw.oversight.schema.DeadLetter;

/** The two outputs of decoding: good records and dead letters (to be sunk with {@link KafkaSinks#deadLetters}). */
public record DecodedStream<T>(DataStream<T> records, DataStream<DeadLetter> deadLetters) {}
