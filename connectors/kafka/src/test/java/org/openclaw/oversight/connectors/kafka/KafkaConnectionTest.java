package org.openclaw.oversight.connectors.kafka;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

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
    void missingAddressesAreClearErrors() {
        assertThatThrownBy(() -> KafkaConnection.builder().schemaRegistryUrl("http://r").build())
                .hasMessageContaining("bootstrap servers");
        assertThatThrownBy(() -> KafkaConnection.of("k:9092", "registry:8081")).hasMessageContaining("http://");
    }
}
