package org.openclaw.oversight.ingestion;

import org.openclaw.oversight.connectors.kafka.TestKeys;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.MissingSecretException;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The PII pseudonym key never travels in the job graph: the operators carry where the key is (a
 * {@link SecretSource}) and read it where they open, on the TaskManager. Before, they carried a
 * scanner whose serialized form held the key itself.
 */
class PiiKeyOutOfTheJobGraphTest {

    @Test
    void theSerializedOperatorsHoldWhereTheKeyIsButNotTheKey() throws Exception {
        byte[] key = Files.readString(keyFile(TestKeys.piiKey())).strip().getBytes(StandardCharsets.UTF_8);
        List<Serializable> operators = List.of(new ScanAndRedact(TestKeys.piiKey()),
                new BatchPiiScan(TestKeys.piiKey(), 10, Duration.ofSeconds(1)),
                new SplitByPiiScanMode(TestRules.forTests(), TestKeys.piiKey()));
        for (Serializable operator : operators) {
            byte[] serialized = InstantiationUtil.serializeObject(operator);
            assertThat(indexOf(serialized, key)).as("the key in the serialized %s", operator.getClass().getSimpleName())
                    .isEqualTo(-1);
            assertThat(new String(serialized, StandardCharsets.ISO_8859_1)).contains(keyFile(TestKeys.piiKey()).toString());
        }
    }

    @Test
    void theKeyIsReadWhereTheOperatorOpens(@TempDir Path dir) throws Exception {
        SecretSource piiKey = SecretSource.file(SecretKind.PII_KEY, LocalKeys.ensure(dir, SecretKind.PII_KEY));
        ScanAndRedact operator = InstantiationUtil.clone(new ScanAndRedact(piiKey)); // as a TaskManager receives it
        try (OneInputStreamOperatorTestHarness<CleanEvent, CleanEvent> harness =
                     new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(operator))) {
            harness.open();
            AgentEvent event = TestEvents.llmCall("e-1", TestRules.REAL_TIME_AGENT, "t-1", "write to anna@example.de", "ok");
            harness.processElement(new StreamRecord<>(TestEvents.clean(event)));
            String expected = org.openclaw.oversight.ingestion.pii.PiiScanner.open(piiKey).scan("anna@example.de")
                    .findings().get(0).pseudonym();
            assertThat(harness.getSideOutput(ScanAndRedact.FINDINGS)).singleElement()
                    .satisfies(row -> assertThat(row.getValue().pseudonym).isEqualTo(expected));
        }

        // no key where the operator opens: it does not open, and says what to set
        Files.delete(LocalKeys.file(dir, SecretKind.PII_KEY));
        try (OneInputStreamOperatorTestHarness<CleanEvent, CleanEvent> harness =
                     new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new ScanAndRedact(piiKey)))) {
            assertThatThrownBy(harness::open).isInstanceOf(MissingSecretException.class)
                    .hasMessageContaining("OVERSIGHT_PII_KEY_FILE");
        }
    }

    private static Path keyFile(SecretSource source) {
        String named = source.toString(); // "OVERSIGHT_PII_KEY_FILE=/path"
        return Path.of(named.substring(named.indexOf('=') + 1));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
