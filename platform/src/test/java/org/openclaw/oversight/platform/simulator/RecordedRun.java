package org.openclaw.oversight.platform.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.ChannelMessage;

/** A simulation run collected in memory, with the views tests need. */
final class RecordedRun {
    static final long START = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    final List<SimulatedRecord> records;
    /** When each record left, on the simulated clock (its event time unless the run had disorder). */
    final List<Long> deliveryTimes;
    final InjectionReport report;

    private RecordedRun(List<SimulatedRecord> records, List<Long> deliveryTimes, InjectionReport report) {
        this.records = records;
        this.deliveryTimes = deliveryTimes;
        this.report = report;
    }

    static RecordedRun of(Fleet fleet, Scenario scenario, long seed, long maxRecords, long durationMs) {
        return of(fleet, scenario, new SimulationSettings(seed, START, 50), null, maxRecords, durationMs);
    }

    /** A run with any settings, its agents obeying {@code commands} when not null. */
    static RecordedRun of(Fleet fleet, Scenario scenario, SimulationSettings settings, ControlCommandFeed commands,
            long maxRecords, long durationMs) {
        FleetSimulation simulation = new FleetSimulation(fleet, scenario, settings, commands);
        if (commands instanceof TimedCommands timed) {
            timed.clock = simulation::lastDeliveryTime;
        }
        List<Long> deliveries = new ArrayList<>();
        CollectingPublisher publisher = new CollectingPublisher() {
            @Override
            public void publish(SimulatedRecord record) {
                super.publish(record);
                deliveries.add(simulation.lastDeliveryTime());
            }
        };
        InjectionReport report = new SimulationRun(simulation, publisher, maxRecords, durationMs, false, null).run();
        return new RecordedRun(publisher.records, deliveries, report);
    }

    static RecordedRun builtIn(long seed) {
        Fleet fleet = Fleet.builtIn();
        Scenario scenario = new ScenarioLoader(fleet).loadBuiltIn();
        return of(fleet, scenario, seed, SimulationRun.UNBOUNDED, scenario.endMs() + 30_000);
    }

    /** The built-in scenario as it was recorded for the digests (agent names and windows some tests rely on). */
    static RecordedRun recorded(long seed) {
        Fleet fleet = Fleet.builtIn();
        Scenario scenario = FleetSimulationDigestTest.recordedScenario(fleet);
        return of(fleet, scenario, seed, SimulationRun.UNBOUNDED, scenario.endMs() + 30_000);
    }

    Stream<AgentEvent> events() {
        return records.stream().map(SimulatedRecord::value).filter(AgentEvent.class::isInstance)
                .map(AgentEvent.class::cast);
    }

    Stream<ChannelMessage> messages() {
        return records.stream().map(SimulatedRecord::value).filter(ChannelMessage.class::isInstance)
                .map(ChannelMessage.class::cast);
    }

    Stream<AgentHeartbeat> heartbeats() {
        return records.stream().map(SimulatedRecord::value).filter(AgentHeartbeat.class::isInstance)
                .map(AgentHeartbeat.class::cast);
    }

    /** Topic, key and Avro binary of every record, concatenated: equal runs give equal bytes. */
    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (SimulatedRecord r : records) {
            try {
                out.write(r.topic().getBytes(StandardCharsets.UTF_8));
                out.write(r.key().getBytes(StandardCharsets.UTF_8));
                ByteBuffer value;
                if (r.value() instanceof AgentEvent e) {
                    value = e.toByteBuffer();
                } else if (r.value() instanceof ChannelMessage m) {
                    value = m.toByteBuffer();
                } else {
                    value = ((AgentHeartbeat) r.value()).toByteBuffer();
                }
                byte[] b = new byte[value.remaining()];
                value.get(b);
                out.write(b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toByteArray();
    }

    /** Commands that reach the agents when the run's simulated clock passes their time. */
    static final class TimedCommands implements ControlCommandFeed {
        private final List<Long> at = new ArrayList<>();
        private final List<org.openclaw.oversight.schema.ControlCommand> commands = new ArrayList<>();
        java.util.function.LongSupplier clock = () -> Long.MIN_VALUE;
        private int next;

        TimedCommands add(long offsetMs, org.openclaw.oversight.schema.ControlCommand command) {
            at.add(START + offsetMs);
            commands.add(command);
            return this;
        }

        @Override
        public List<ReceivedCommand> drain() {
            List<ReceivedCommand> due = new ArrayList<>();
            long now = clock.getAsLong();
            while (next < commands.size() && at.get(next) <= now) {
                due.add(new ReceivedCommand(commands.get(next), at.get(next)));
                next++;
            }
            return due;
        }
    }

    static class CollectingPublisher implements RecordPublisher {
        final List<SimulatedRecord> records = new ArrayList<>();

        @Override
        public void publish(SimulatedRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
