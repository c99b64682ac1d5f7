package org.openclaw.oversight.connectors.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.flink.util.SerializedThrowable;
import org.junit.jupiter.api.Test;

class RootCauseTest {

    @Test
    void theInnermostCauseInOneLine() {
        Exception failure = new RuntimeException("Task failed",
                new IllegalStateException("sink failed", new IOException("Connection to 127.0.0.1:5432 refused.\n  Check the host")));
        assertThat(RootCause.oneLine(failure)).isEqualTo("IOException: Connection to 127.0.0.1:5432 refused. Check the host");
    }

    @Test
    void flinksSerializedFailuresKeepTheOriginalClassName() {
        SerializedThrowable shipped = new SerializedThrowable(new RuntimeException("wrapper",
                new org.apache.kafka.common.errors.ProducerFencedException("epoch 3 is older than 4")));
        assertThat(RootCause.oneLine(shipped)).isEqualTo("ProducerFencedException: epoch 3 is older than 4");
    }

    @Test
    void longMessagesAreCutAndNullIsSaid() {
        assertThat(RootCause.oneLine(new IllegalStateException("x".repeat(1000)))).hasSize(RootCause.MAX_LENGTH);
        assertThat(RootCause.oneLine(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(RootCause.oneLine(null)).contains("unknown");
    }
}
