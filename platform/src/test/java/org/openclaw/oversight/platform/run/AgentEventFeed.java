package org.openclaw.oversight.platform.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroSerializer;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/**
 * Agent events of one test tenant on {@code oversight.agent-events.v1}, as an agent SDK sends them
 * (Confluent wire format, key = traceId): LLM calls of two priced models and tool calls, seeded token
 * counts, event time advancing by {@code step} per event from {@code firstEventTime}, so minutes close
 * while a test runs. Keeps every id it sent.
 */
public final class AgentEventFeed implements AutoCloseable {

    private static final String[][] MODELS = {{"anthropic", "claude-sonnet-4-6"}, {"anthropic", "claude-haiku-4-5"}};

    private final String tenant;
    private final Duration step;
    private final Random random;
    private final KafkaProducer<String, AgentEvent> producer;
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private Instant nextEventTime;
    private long sequence;

    public AgentEventFeed(String bootstrapServers, String registryUrl, String tenant, Instant firstEventTime, Duration step, long seed) {
        this.tenant = tenant;
        this.step = step;
        this.random = new Random(seed);
        this.nextEventTime = firstEventTime;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ConfluentAvroSerializer<>(registryUrl));
    }

    /** Sends {@code count} events and waits until the broker has them all. */
    public synchronized void send(int count) {
        for (int i = 0; i < count; i++) {
            AgentEvent event = next();
            producer.send(new ProducerRecord<>(Topics.AGENT_EVENTS, event.getTraceId(), event));
            ids.add(event.getEventId());
        }
        producer.flush();
    }

    /**
     * One event on each of many traces (so on every partition) of another tenant, {@code ahead} after the
     * last one sent: the watermark of every source split passes the feed's last minute and its windows fire.
     */
    public synchronized void pushWatermarkPast(String otherTenant, Duration ahead, int traces) {
        Instant time = nextEventTime.plus(ahead);
        for (int i = 0; i < traces; i++) {
            AgentEvent event = event(otherTenant, "watermark-" + i, "watermark-" + sequence + "-" + i, time, EventKind.TOOL_CALL);
            producer.send(new ProducerRecord<>(Topics.AGENT_EVENTS, event.getTraceId(), event));
        }
        producer.flush();
    }

    public Set<String> ids() {
        return Set.copyOf(ids);
    }

    public synchronized Instant nextEventTime() {
        return nextEventTime;
    }

    private AgentEvent next() {
        long n = sequence++;
        EventKind kind = random.nextInt(5) == 0 ? EventKind.TOOL_CALL : EventKind.LLM_CALL;
        AgentEvent event = event(tenant, "agent-" + random.nextInt(3), "trace-" + tenant + "-" + (n / 3), nextEventTime, kind);
        nextEventTime = nextEventTime.plus(step);
        return event;
    }

    private AgentEvent event(String tenantId, String agentId, String traceId, Instant time, EventKind kind) {
        String eventId = tenantId + "-" + sequence + "-" + Long.toHexString(random.nextLong());
        AgentEvent.Builder builder = AgentEvent.newBuilder()
                .setEventId(eventId)
                .setTenantId(tenantId)
                .setAgentId(agentId)
                .setAgentVersion("1.0.0")
                .setTraceId(traceId)
                .setSpanId("span-" + eventId)
                .setParentSpanId(null)
                .setKind(kind)
                .setStartTime(time)
                .setDurationMs(50 + random.nextInt(4000))
                .setStatus(random.nextInt(20) == 0 ? SpanStatus.ERROR : SpanStatus.OK)
                .setInput("question " + eventId)
                .setOutput("answer " + eventId)
                .setAttributes(Map.of());
        if (kind == EventKind.LLM_CALL) {
            String[] model = MODELS[random.nextInt(MODELS.length)];
            builder.setName("chat " + model[1]).setProvider(model[0]).setModel(model[1])
                    .setInputTokens(100 + random.nextInt(4000)).setOutputTokens(20 + random.nextInt(1500))
                    .setCachedInputTokens(random.nextInt(100));
        } else {
            builder.setName("execute_tool lookup").setToolName("lookup").setToolSuccess(random.nextInt(10) != 0)
                    .setInputTokens(0).setOutputTokens(0).setCachedInputTokens(0);
        }
        return builder.build();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
