package org.openclaw.oversight.connectors.kafka;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Emits every Kafka record as a {@link KafkaRawRecord} and cannot fail: decoding happens later, in
 * {@link DecodeOrDeadLetter}, where a bad record becomes a dead letter instead of a stuck or
 * restarting job.
 */
public final class RawRecordDeserializationSchema implements KafkaRecordDeserializationSchema<KafkaRawRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaRawRecord> out) {
        out.collect(new KafkaRawRecord(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.key(), record.value()));
    }

    @Override
    public TypeInformation<KafkaRawRecord> getProducedType() {
        return TypeInformation.of(KafkaRawRecord.class);
    }
}
