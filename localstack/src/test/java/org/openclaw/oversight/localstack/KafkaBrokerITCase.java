package org.openclaw.oversight.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerITCase {

    @Test
    void producesConsumesAndKeepsTopicsAcrossRestart(@TempDir Path dataDir) throws Exception {
        long pid;
        int port;
        int controllerPort;
        try (KafkaBroker broker = KafkaBroker.start(dataDir, 0, 0)) {
            pid = broker.pid();
            port = broker.port();
            controllerPort = broker.controllerPort();
            ProcessAssertions.assertRunning(pid);
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            ServerStats stats = broker.stats();
            System.err.println("kafka first start: " + stats);
            assertThat(stats.startDuration()).isPositive();
            assertThat(stats.residentBytes()).isGreaterThan(50L * 1024 * 1024);

            broker.createTopic("events", 3, Map.of("retention.ms", "3600000"));
            broker.createTopic("events", 3, Map.of()); // existing topic is fine
            send(broker, "events", "agent-1", "hello");
            assertThat(readAll(broker, "events", 1)).containsExactly("agent-1=hello");
        }
        ProcessAssertions.assertStopped(pid, port, controllerPort);

        try (KafkaBroker restarted = KafkaBroker.start(dataDir, port, controllerPort)) {
            System.err.println("kafka restart: " + restarted.stats());
            assertThat(restarted.pid()).isNotEqualTo(pid);
            assertThat(restarted.topics()).contains("events");
            assertThat(readAll(restarted, "events", 1)).containsExactly("agent-1=hello");
        }
    }

    @Test
    void takenPortGivesClearError(@TempDir Path dataDir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> KafkaBroker.start(dataDir, taken.getLocalPort(), 0))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " is already in use by pid "
                            + ProcessHandle.current().pid())
                    .hasMessageContaining("stop it or choose another port");
        }
    }

    static void send(KafkaBroker broker, String topic, String key, String value) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** Reads from the beginning until {@code expected} records arrived or 30 s passed. */
    static List<String> readAll(KafkaBroker broker, String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record.key() + "=" + new String(record.value().getBytes(StandardCharsets.UTF_8),
                            StandardCharsets.UTF_8));
                }
            }
        }
        return seen;
    }
}
