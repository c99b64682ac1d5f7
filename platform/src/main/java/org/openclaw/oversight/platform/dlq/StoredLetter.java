package org.openclaw.oversight.platform.dlq;

import org.openclaw.oversight.schema.DeadLetter;

/** A dead letter and where it sits on the DLQ topic (partition and offset there, not in its source). */
record StoredLetter(int dlqPartition, long dlqOffset, DeadLetter letter) {

    /** {@code PARTITION:OFFSET} on the DLQ topic, the name the commands print and accept. */
    String position() {
        return dlqPartition + ":" + dlqOffset;
    }

    /** Where the record came from: {@code topic/partition@offset}. */
    String source() {
        return letter.getSourceTopic() + "/" + letter.getPartition() + "@" + letter.getOffset();
    }
}
