package org.openclaw.oversight.platform.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroDeserializer;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.platform.UserFacingException;
import org.openclaw.oversight.schema.ControlCommand;

/**
 * Reads oversight.agent-control.v1 (ControlCommand, Confluent wire format) on a thread of its own while a run is
 * live, read_committed because incident response writes it exactly-once. It starts at the topic's end: the topic is
 * compacted, so it still holds the last command of every agent from earlier runs, which are not for this one. The
 * positions are taken before {@link #start} returns, so no command produced after it is missed. A record that does
 * not decode is counted and skipped (it is not ours to dead-letter).
 */
final class KafkaControlCommandFeed implements ControlCommandFeed, AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final ConfluentAvroDeserializer<ControlCommand> decoder;
    private final Clock clock;
    private final ConcurrentLinkedQueue<ReceivedCommand> received = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile long undecodable;
    private Thread thread;

    private KafkaControlCommandFeed(String bootstrapServers, String registryUrl, Clock clock) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // never create the topic by looking at it: oversight up creates it with its partitions and compaction
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "oversight-simulator-control");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.decoder = new ConfluentAvroDeserializer<>(registryUrl, ControlCommand.class);
        this.clock = clock;
    }

    /** Subscribes at the end of every partition of the control topic and starts reading. */
    static KafkaControlCommandFeed start(String bootstrapServers, String registryUrl, Clock clock) {
        KafkaControlCommandFeed feed = new KafkaControlCommandFeed(bootstrapServers, registryUrl, clock);
        try {
            List<TopicPartition> partitions = feed.consumer.partitionsFor(Topics.AGENT_CONTROL).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new UserFacingException("the topic " + Topics.AGENT_CONTROL + " does not exist",
                        "run ./oversight up (it creates the topics), or pass --no-obey-control", null);
            }
            feed.consumer.assign(partitions);
            feed.consumer.seekToEnd(partitions);
            partitions.forEach(feed.consumer::position); // resolve the end now, not at the first poll
        } catch (RuntimeException e) {
            feed.consumer.close();
            if (e instanceof UserFacingException u) {
                throw u;
            }
            throw new UserFacingException("cannot read " + Topics.AGENT_CONTROL + " at " + bootstrapServers + ": "
                    + e.getMessage(), "is the stack up? run ./oversight up, or pass --no-obey-control", e);
        }
        feed.thread = new Thread(feed::pollUntilClosed, "simulator-control-feed");
        feed.thread.setDaemon(true);
        feed.thread.start();
        return feed;
    }

    @Override
    public List<ReceivedCommand> drain() {
        List<ReceivedCommand> out = new ArrayList<>();
        for (ReceivedCommand c; (c = received.poll()) != null; ) {
            out.add(c);
        }
        return out;
    }

    /** Records on the topic that were not ControlCommands in the Confluent wire format. */
    long undecodable() {
        return undecodable;
    }

    /** Why the reader stopped early, or null. */
    Exception failure() {
        return failure.get();
    }

    private void pollUntilClosed() {
        try {
            while (true) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                    try {
                        ControlCommand command = decoder.deserialize(r.topic(), r.value());
                        if (command != null) { // a tombstone clears a key of the compacted topic: no command
                            received.add(new ReceivedCommand(command, clock.millis()));
                        }
                    } catch (RuntimeException e) {
                        undecodable++;
                    }
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            failure.set(e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
