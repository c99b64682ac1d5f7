package org.openclaw.oversight.connectors.kafka;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfluentWireFormatTest {

    @Test
    void headerIsMagicByteThenBigEndianId() {
        assertThat(ConfluentWireFormat.header(0x01020304)).containsExactly(0, 1, 2, 3, 4);
        assertThat(ConfluentWireFormat.header(-2)).containsExactly(0, 0xff, 0xff, 0xff, 0xfe);
    }

    @Test
    void schemaIdRoundTripsThroughTheHeader() {
        for (int id : new int[] {0, 1, 255, 256, 65_536, Integer.MAX_VALUE, -1}) {
            byte[] payload = new byte[] {0, 0, 0, 0, 0, 42};
            ConfluentWireFormat.writeHeader(id, payload, 0);
            assertThat(ConfluentWireFormat.schemaId(payload)).isEqualTo(id);
        }
    }

    @Test
    void nullValueIsATypedFailure() {
        assertThatThrownBy(() -> ConfluentWireFormat.schemaId(null))
                .isInstanceOfSatisfying(UndecodableRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(DecodeFailure.NULL_PAYLOAD));
    }

    @Test
    void emptyAndShortValuesAreTruncated() {
        for (int length = 0; length < ConfluentWireFormat.HEADER_LENGTH; length++) {
            byte[] payload = new byte[length];
            assertThatThrownBy(() -> ConfluentWireFormat.schemaId(payload))
                    .isInstanceOfSatisfying(UndecodableRecordException.class, e -> {
                        assertThat(e.reason()).isEqualTo(DecodeFailure.TRUNCATED);
                        assertThat(e.reason().errorClass()).isEqualTo("truncated");
                        assertThat(e.getMessage()).contains(payload.length + " bytes");
                    });
        }
    }

    @Test
    void nonZeroFirstByteIsBadMagic() {
        byte[] json = "{\"eventId\":\"x\"}".getBytes();
        assertThatThrownBy(() -> ConfluentWireFormat.schemaId(json))
                .isInstanceOfSatisfying(UndecodableRecordException.class, e -> {
                    assertThat(e.reason().errorClass()).isEqualTo("bad_magic_byte");
                    assertThat(e.getMessage()).contains("0x7b");
                });
    }

    @Test
    void subjectsFollowTopicNameStrategy() {
        assertThat(ConfluentWireFormat.valueSubject("oversight.agent-events.v1")).isEqualTo("oversight.agent-events.v1-value");
        assertThat(ConfluentWireFormat.keySubject("oversight.agent-events.v1")).isEqualTo("oversight.agent-events.v1-key");
    }
}
