package org.openclaw.oversight.connectors.kafka;

import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;
import org.openclaw.oversight.schema.DeadLetter;

import java.nio.ByteBuffer;
import java.time.Instant;

/** The dead-letter side output and how a dead letter is made from a raw record. */
public final class DeadLetters {

    /** Side output every job uses for records it cannot process; sink it with {@link KafkaSinks#deadLetters}. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    /** Keeps one dead letter small even when an exception message is huge. */
    static final int MAX_MESSAGE_LENGTH = 2000;

    private DeadLetters() {}

    /** A dead letter carrying the record's original key and value bytes and its coordinates. */
    public static DeadLetter of(KafkaRawRecord raw, String errorClass, String errorMessage, String job, Instant failedAt) {
        return DeadLetter.newBuilder()
                .setSourceTopic(raw.topic)
                .setPartition(raw.partition)
                .setOffset(raw.offset)
                .setKey(raw.key == null ? null : ByteBuffer.wrap(raw.key.clone()))
                .setPayload(raw.value == null ? null : ByteBuffer.wrap(raw.value.clone()))
                .setErrorClass(errorClass)
                .setErrorMessage(abbreviate(errorMessage == null ? "" : errorMessage))
                .setJob(job)
                .setFailedAt(failedAt)
                .build();
    }

    private static String abbreviate(String message) {
        return message.length() <= MAX_MESSAGE_LENGTH ? message : message.substring(0, MAX_MESSAGE_LENGTH) + "...";
    }
}
