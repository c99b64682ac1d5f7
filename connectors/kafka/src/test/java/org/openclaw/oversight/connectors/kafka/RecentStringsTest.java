package org.openclaw.oversight.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecentStringsTest {

    private final RecentStrings strings = new RecentStrings();

    @Test
    void aRepeatedValueIsTheSameInstance() {
        String first = decode("support-bot-eu");
        String second = decode("support-bot-eu");
        assertThat(second).isEqualTo("support-bot-eu").isSameAs(first);
    }

    @Test
    void decodesUtf8AndTheEmptyString() {
        assertThat(decode("Müller-€")).isEqualTo("Müller-€");
        assertThat(decode("")).isEmpty();
    }

    @Test
    void longValuesAreDecodedButNotKept() {
        String id = "x".repeat(RecentStrings.MAX_CACHED_BYTES + 1);
        assertThat(decode(id)).isEqualTo(id).isNotSameAs(decode(id));
    }

    @Test
    void manyDistinctValuesSharingSlotsAreAllDecodedCorrectly() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            String value = "agent-" + i;
            assertThat(decode(value)).isEqualTo(value);
            seen.add(value);
        }
        for (String value : seen) {
            assertThat(decode(value)).isEqualTo(value);
        }
    }

    @Test
    void decodesFromAnOffsetInALargerBuffer() {
        byte[] buffer = "..tenant-a..".getBytes(StandardCharsets.UTF_8);
        assertThat(strings.decode(buffer, 2, 8)).isEqualTo("tenant-a");
    }

    private String decode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return strings.decode(bytes, 0, bytes.length);
    }
}
