package org.openclaw.oversight.connectors.kafka;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.AgentEvent;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Outage vs bad id, at the decoder: outages are retried in place and never become dead letters; unknown ids never wait. */
class SchemaRegistryRetryTest {

    private static final String SUBJECT = "oversight.agent-events.v1-value";
    private static final SchemaRegistryRetry FAST = new SchemaRegistryRetry(Duration.ofSeconds(2), Duration.ofMillis(5), Duration.ofMillis(50));

    /** The in-memory registry behind a script of failures, answered one per lookup before it answers for real. */
    private static final class ScriptedRegistry implements SchemaRegistry {
        final InMemorySchemaRegistry real = new InMemorySchemaRegistry();
        final Deque<SchemaRegistryException> failures = new ArrayDeque<>();
        final AtomicInteger lookups = new AtomicInteger();
        boolean downForever;

        @Override
        public int register(String subject, Schema schema) {
            return real.register(subject, schema);
        }

        @Override
        public Schema schemaById(int id) {
            lookups.incrementAndGet();
            if (downForever) {
                throw new SchemaRegistryUnreachableException("connection refused", null);
            }
            SchemaRegistryException next = failures.poll();
            if (next != null) {
                throw next;
            }
            return real.schemaById(id);
        }
    }

    private final ScriptedRegistry registry = new ScriptedRegistry();
    private final byte[] valid = new ConfluentAvroEncoder(registry).encode(SUBJECT, TestRecords.agentEvent(1));

    @Test
    void anOutageIsRetriedUntilTheRegistryAnswersAndTheRecordDecodes() {
        registry.failures.add(new SchemaRegistryUnreachableException("connection refused", null));
        registry.failures.add(new SchemaRegistryException("HTTP 503", 503, 50001));
        registry.failures.add(new SchemaRegistryException("HTTP 429", 429, -1));
        registry.failures.add(new SchemaRegistryException("HTTP 500", 500, 50002));
        ConfluentAvroDecoder<AgentEvent> decoder = new ConfluentAvroDecoder<>(registry, AgentEvent.class, FAST);

        assertThat(decoder.decode(valid)).isEqualTo(TestRecords.agentEvent(1));
        assertThat(decoder.registryRetries()).isEqualTo(4);
        assertThat(registry.lookups).hasValue(5);
    }

    @Test
    void anOutageLongerThanTheBoundFailsTheTaskInsteadOfDeadLettering() {
        registry.downForever = true;
        SchemaRegistryRetry bound = new SchemaRegistryRetry(Duration.ofMillis(300), Duration.ofMillis(5), Duration.ofMillis(40));
        ConfluentAvroDecoder<AgentEvent> decoder = new ConfluentAvroDecoder<>(registry, AgentEvent.class, bound);
        long started = System.nanoTime();

        assertThatThrownBy(() -> decoder.decode(valid))
                .isInstanceOf(SchemaRegistryUnreachableException.class)
                .isNotInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("Retried for PT0.3S");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(decoder.registryRetries()).isGreaterThan(3);
    }

    @Test
    void anUnknownIdIsTheRecordsFaultAtOnceWhateverItsSign() {
        ConfluentAvroDecoder<AgentEvent> decoder = new ConfluentAvroDecoder<>(registry, AgentEvent.class, FAST);
        for (int id : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1_999_999_999}) {
            byte[] bytes = valid.clone();
            ConfluentWireFormat.writeHeader(id, bytes, 0);
            assertThatThrownBy(() -> decoder.decode(bytes)).as("id %d", id)
                    .isInstanceOfSatisfying(UndecodableRecordException.class,
                            e -> assertThat(e.reason()).isEqualTo(DecodeFailure.UNKNOWN_SCHEMA_ID));
        }
        assertThat(decoder.registryRetries()).isZero();
        // asked once per id; the same unknown id again is answered from memory
        int asked = registry.lookups.get();
        byte[] again = valid.clone();
        ConfluentWireFormat.writeHeader(-1, again, 0);
        assertThatThrownBy(() -> decoder.decode(again)).isInstanceOf(UndecodableRecordException.class);
        assertThat(registry.lookups).hasValue(asked);
    }

    @Test
    void aConfigurationErrorIsNotRetriedNorDeadLettered() {
        registry.failures.add(new SchemaRegistryException("HTTP 401 unauthorized", 401, 40101));
        ConfluentAvroDecoder<AgentEvent> decoder = new ConfluentAvroDecoder<>(registry, AgentEvent.class, FAST);
        assertThatThrownBy(() -> decoder.decode(valid))
                .isInstanceOf(SchemaRegistryException.class)
                .isNotInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("401");
        assertThat(decoder.registryRetries()).isZero();
    }

    @Test
    void boundsAreChecked() {
        assertThatThrownBy(() -> new SchemaRegistryRetry(Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SchemaRegistryRetry(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SchemaRegistryRetry.DEFAULT.tolerance())
                .isLessThan(KafkaConnection.DEFAULT_TRANSACTION_TIMEOUT.dividedBy(2));
    }
}
