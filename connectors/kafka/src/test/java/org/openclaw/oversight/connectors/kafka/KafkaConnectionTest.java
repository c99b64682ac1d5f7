package org.openclaw.oversight.connectors.kafka;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

import org.openclaw.oversight.secrets.MissingSecretException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaConnectionTest {

    @Test
    void defaultsToExactlyOnceWithATransactionTimeoutBelowTheBrokerMaximum() {
        KafkaConnection connection = KafkaConnection.local();
        assertThat(connection.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(connection.transactionTimeoutMs()).isEqualTo(600_000L).isLessThan(900_000L);
        assertThat(connection.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(connection.schemaRegistryUrl()).isEqualTo("http://127.0.0.1:8081");
    }

    @Test
    void survivesJavaSerializationAndHidesPropertyValues() throws Exception {
        KafkaConnection connection = KafkaConnection.builder()
                .bootstrapServers("k1:9092,k2:9092").schemaRegistryUrl("https://registry:8081/")
                .property("sasl.jaas.config", "secret-password").transactionTimeout(Duration.ofMinutes(5)).build();
        KafkaConnection copy = InstantiationUtil.clone(connection);
        assertThat(copy.schemaRegistryUrl()).isEqualTo("https://registry:8081");
        assertThat(copy.clientPropertiesWithBootstrap())
                .containsEntry("bootstrap.servers", "k1:9092,k2:9092").containsEntry("sasl.jaas.config", "secret-password");
        assertThat(copy.transactionTimeoutMs()).isEqualTo(300_000L);
        assertThat(connection.toString()).contains("sasl.jaas.config").doesNotContain("secret-password");
    }

    @Test
    void theDeadLetterKeySourceTravelsWithTheConnectionAndItsAbsenceIsNamed() throws Exception {
        assertThatThrownBy(() -> KafkaConnection.local().deadLetterKey())
                .isInstanceOf(MissingSecretException.class).hasMessageContaining("--dlq-key-file");
        KafkaConnection withKey = KafkaConnection.local().withDeadLetterKey(TestKeys.dlqKey());
        KafkaConnection copy = InstantiationUtil.clone(withKey);
        assertThat(DeadLetterCipher.open(copy.deadLetterKey()).keyId()).isEqualTo(TestKeys.cipher().keyId());
        assertThat(copy.toBuilder().build().deadLetterKey().toString()).isEqualTo(TestKeys.dlqKey().toString());
    }

    @Test
    void sizeLimitsMustLeaveRoomUnderTheProducersRequestSize() {
        KafkaConnection defaults = KafkaConnection.local();
        assertThat(defaults.maxValueBytes()).isEqualTo(768 * 1024).isLessThan(1024 * 1024 - 16 * 1024);
        assertThat(defaults.maxRecordBytes()).isLessThan(defaults.maxValueBytes());
        assertThatThrownBy(() -> KafkaConnection.local().toBuilder().maxValueBytes(1024 * 1024).build())
                .hasMessageContaining("max.request.size");
        assertThat(KafkaConnection.local().toBuilder().property("max.request.size", String.valueOf(4 * 1024 * 1024))
                .maxValueBytes(2 * 1024 * 1024).build().maxValueBytes()).isEqualTo(2 * 1024 * 1024);
        assertThatThrownBy(() -> KafkaConnection.local().toBuilder().maxValueBytes(1000).build())
                .hasMessageContaining(String.valueOf(DeadLetters.MIN_MAX_LETTER_BYTES));
    }

    @Test
    void missingAddressesAreClearErrors() {
        assertThatThrownBy(() -> KafkaConnection.builder().schemaRegistryUrl("http://r").build())
                .hasMessageContaining("bootstrap servers");
        assertThatThrownBy(() -> KafkaConnection.of("k:9092", "registry:8081")).hasMessageContaining("http://");
    }
}
