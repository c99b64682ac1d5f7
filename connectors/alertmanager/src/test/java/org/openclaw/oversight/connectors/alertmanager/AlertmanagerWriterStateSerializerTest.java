package org.openclaw.oversight.connectors.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertmanagerWriterStateSerializerTest {

    private final AlertmanagerWriterStateSerializer serializer = new AlertmanagerWriterStateSerializer();

    @Test
    void roundTripKeepsEveryField() throws IOException {
        AlertContent firing = new AlertContent("fp-1", Map.of("alertname", "Ä große Latenz", "tenant", "t"),
                Map.of("summary", "x".repeat(70_000), "runbook", "https://r"), 1_700_000_000_000L, null,
                "http://127.0.0.1:8082/");
        AlertContent resolved = new AlertContent("fp-2", Map.of("alertname", "B"), Map.of(), 5L, 10L, null);
        AlertmanagerWriterState state = new AlertmanagerWriterState(List.of(
                new TrackedAlert(firing, 123L, true, Long.MAX_VALUE),
                new TrackedAlert(resolved, 456L, false, 789L)));

        AlertmanagerWriterState back = serializer.deserialize(serializer.getVersion(), serializer.serialize(state));

        assertThat(back).isEqualTo(state);
    }

    @Test
    void emptyStateRoundTrips() throws IOException {
        AlertmanagerWriterState empty = new AlertmanagerWriterState(List.of());
        assertThat(serializer.deserialize(1, serializer.serialize(empty)).alerts()).isEmpty();
    }

    @Test
    void unknownVersionIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> serializer.deserialize(99, new byte[4]))
                .isInstanceOf(IOException.class).hasMessageContaining("version 99");
    }

    @Test
    void truncatedBytesAreReportedNotMisread() throws IOException {
        AlertmanagerWriterState state = new AlertmanagerWriterState(List.of(new TrackedAlert(
                new AlertContent("fp", Map.of("alertname", "A"), Map.of(), 1L, null, null), 1L, false, 2L)));
        byte[] bytes = serializer.serialize(state);

        assertThatThrownBy(() -> serializer.deserialize(1, Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IOException.class);
        byte[] garbage = Arrays.copyOf(bytes, bytes.length);
        garbage[4] = (byte) 0xff; // string length of the fingerprint becomes negative
        assertThatThrownBy(() -> serializer.deserialize(1, garbage))
                .isInstanceOf(IOException.class).hasMessageContaining("corrupt");
    }
}
