package org.openclaw.oversight.connectors.kafka;

import java.util.Arrays;
import java.util.Objects;

/**
 * A Kafka record exactly as it was read: where it came from and its undecoded key and value.
 * A Flink POJO (public no-arg constructor, public fields) so it travels between operators without
 * Kryo.
 */
public class KafkaRawRecord {

    public String topic;
    public int partition;
    public long offset;
    /** Kafka record timestamp (ms since epoch; producer or log-append time). */
    public long timestamp;
    /** Null when the record has no key. */
    public byte[] key;
    /** Null for a tombstone. */
    public byte[] value;

    public KafkaRawRecord() {}

    public KafkaRawRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaRawRecord r && partition == r.partition && offset == r.offset && timestamp == r.timestamp
                && Objects.equals(topic, r.topic) && Arrays.equals(key, r.key) && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset);
    }

    /** Coordinates and sizes only: key and value may hold personal data and must not reach logs. */
    @Override
    public String toString() {
        return "KafkaRawRecord{" + topic + "-" + partition + "@" + offset + ", key " + (key == null ? "null" : key.length + " bytes")
                + ", value " + (value == null ? "null" : value.length + " bytes") + "}";
    }
}
