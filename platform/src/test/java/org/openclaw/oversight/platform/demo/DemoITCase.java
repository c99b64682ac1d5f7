package org.openclaw.oversight.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.connectors.flink.LocalJobRegistry;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroDecoder;
import org.openclaw.oversight.connectors.kafka.SchemaRegistryClient;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.localstack.Ports;
import org.openclaw.oversight.localstack.TopicReader;
import org.openclaw.oversight.platform.OversightCommand;
import org.openclaw.oversight.platform.run.JobProcess;
import org.openclaw.oversight.platform.run.RunCommand;
import org.openclaw.oversight.platform.stack.StackComponents;
import org.openclaw.oversight.platform.stack.StackState;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.ChannelMessage;

/**
 * `oversight demo` end to end, each run in a JVM of its own as a user starts it, on real servers it
 * starts itself (free ports, a data folder of its own): a first demo is killed with SIGKILL mid-run,
 * after its jobs checkpointed; a second one takes over the servers the first started, resumes every
 * job from its checkpoint, and once the scenario is done (--keep-running) the tables hold every event
 * the two simulators sent exactly once. Then Ctrl-C (SIGTERM, as `down` sends): the summary has events,
 * PII redacted and windows, and nothing of the demo is left: no process, no port, no registry entry.
 *
 * <p>Real time is the demo's nature, so this takes a few minutes: about 40 s of a first run, 50 s of a
 * second, the starts and the stops.
 */
class DemoITCase {

    private static final Path REPO = Paths.get("..").toAbsolutePath().normalize();
    /** Generous: on a loaded 2-core machine the stack and two jobs need a minute or two to come up. */
    private static final Duration START_DEADLINE = Duration.ofMinutes(5);
    private static final Pattern WEB_UI = Pattern.compile("Flink web UI http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern EVENTS_LINE = Pattern.compile("(?m)^demo \\S+ · events ([1-9][\\d,]*)");

    @TempDir
    Path dataDir;

    @TempDir
    Path scratch;

    private final List<JobProcess> demos = new ArrayList<>();
    private List<String> stack;

    @AfterEach
    void stopWhatIsLeft() throws Exception {
        demos.forEach(JobProcess::destroy);
        if (stack != null) { // a failed assertion must not leave servers running
            JobProcess down = command("down", List.of());
            down.awaitExit(Duration.ofMinutes(2));
        }
    }

    @Test
    void killedMidRunTheNextDemoResumesStoresEveryEventOnceAndCtrlCLeavesNothingRunning() throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ports.add(Ports.pickFree());
        }
        stack = List.of("--home", REPO.toString(), "--data-dir", dataDir.toString(),
                "--kafka-port", ports.get(0).toString(), "--controller-port", ports.get(1).toString(),
                "--registry-port", ports.get(2).toString(), "--db-port", ports.get(3).toString(),
                "--alertmanager-port", ports.get(4).toString(), "--prometheus-port", ports.get(5).toString());

        JobProcess first = command("demo", List.of("--duration", "10m"));
        int firstWebUi = Integer.parseInt(first.await(WEB_UI, START_DEADLINE).group(1));
        first.await(EVENTS_LINE, Duration.ofMinutes(2));
        awaitCheckpointOnDisk(first, RunCommand.checkpointDir(dataDir, DemoSummary.INGESTION));
        awaitCheckpointOnDisk(first, RunCommand.checkpointDir(dataDir, DemoSummary.COST_AGGREGATION));
        StackState state = StackState.load(dataDir.resolve("stack.json"));
        List<Long> serverPids = state.components().stream().map(StackState.Component::pid).toList();
        first.kill9();
        assertThat(serverPids).as("the servers outlive a kill -9 of the demo").allMatch(DemoITCase::alive);

        JobProcess second = command("demo", List.of("--duration", "50s", "--keep-running"));
        for (String job : RunCommand.jobs().keySet()) {
            second.await(Pattern.compile("job " + Pattern.quote(job) + "\\s+resuming from checkpoint "), START_DEADLINE);
        }
        assertThat(second.await(Pattern.compile("servers started for the demo \\(stopped when it ends\\): (.*)"),
                START_DEADLINE).group(1)).as("the second demo owns what the killed one started")
                .contains(StackComponents.KAFKA, StackComponents.POSTGRESQL);
        int secondWebUi = Integer.parseInt(second.await(WEB_UI, START_DEADLINE).group(1));
        second.await(Pattern.compile("--keep-running: the jobs and the stack keep running"), Duration.ofMinutes(6));

        String bootstrap = "127.0.0.1:" + ports.get(0);
        String registry = "http://127.0.0.1:" + ports.get(2);
        List<String> sentEvents = ids(bootstrap, registry, Topics.AGENT_EVENTS, AgentEvent.class);
        List<String> sentMessages = ids(bootstrap, registry, Topics.CHANNEL_MESSAGES, ChannelMessage.class);
        assertThat(sentEvents).as("agent events the two simulators sent").hasSizeGreaterThan(500).doesNotHaveDuplicates();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + ports.get(3) + "/oversight",
                "oversight", "oversight"); Statement sql = db.createStatement()) {
            assertThat(column(sql, "SELECT event_id FROM oversight.agent_events")).as("agent_events: every event once")
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sentEvents);
            assertThat(column(sql, "SELECT message_id FROM oversight.channel_messages")).as("channel_messages: every message once")
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sentMessages);
        }

        assertThat(second.terminate(Duration.ofMinutes(3))).as("exit code after SIGTERM (Ctrl-C)").isEqualTo(143);
        String output = second.output();
        assertThat(number(output, "events in: ([\\d,]+) in the tables")).isEqualTo(sentEvents.size() + sentMessages.size());
        assertThat(number(output, "PII redacted: ([\\d,]+) findings")).isPositive();
        assertThat(number(output, "windows written: ([\\d,]+)")).isPositive();
        assertThat(output).contains("peak RSS", "demo JVM", "Alertmanager", "last checkpoint");
        for (String job : List.of(DemoSummary.ANOMALY_DETECTION, DemoSummary.POLICY_ENFORCEMENT, DemoSummary.INCIDENT_RESPONSE)) {
            if (!RunCommand.jobs().containsKey(job)) {
                assertThat(output).containsPattern(Pattern.quote(job) + "\\s+not running");
            }
        }

        assertThat(serverPids).as("the servers the demos started are stopped").noneMatch(DemoITCase::alive);
        assertThat(Stream.concat(ports.stream(), Stream.of(firstWebUi, secondWebUi)).filter(Ports::isListening).toList())
                .as("ports still listening").isEmpty();
        assertThat(dataDir.resolve("stack.json")).doesNotExist();
        assertThat(new LocalJobRegistry(RunCommand.jobsDir(dataDir)).running()).as("job registry entries").isEmpty();
        stack = null;
    }

    private JobProcess command(String command, List<String> extra) {
        List<String> args = new ArrayList<>();
        args.add(command);
        args.addAll(stack);
        args.addAll(extra);
        List<String> jvm = new ArrayList<>(List.of("-Xmx768m"));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("--add-opens")).forEach(jvm::add);
        JobProcess process = JobProcess.command(command + " " + (demos.size() + 1), scratch.resolve(command + "-" + demos.size() + ".log"),
                OversightCommand.class.getName(), args, jvm);
        demos.add(process);
        return process;
    }

    /** Waits for a completed checkpoint ({@code chk-N/_metadata}) of the job, while the demo runs. */
    private static void awaitCheckpointOnDisk(JobProcess demo, Path dir) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!hasCompletedCheckpoint(dir)) {
            assertThat(System.nanoTime()).as("a completed checkpoint in %s", dir).isLessThan(end);
            demo.runFor(Duration.ofMillis(500)); // the pause between looks; fails if the demo died
        }
    }

    private static boolean hasCompletedCheckpoint(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().equals("_metadata"));
        }
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> List<String> ids(String bootstrap, String registry,
            String topic, Class<T> type) {
        ConfluentAvroDecoder<T> decoder = new ConfluentAvroDecoder<>(SchemaRegistryClient.forUrl(registry), type);
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readToEnd(bootstrap, topic, Duration.ofMinutes(1))) {
            T value = decoder.decode(record.value());
            ids.add(value instanceof AgentEvent event ? event.getEventId() : ((ChannelMessage) value).getMessageId());
        }
        return ids;
    }

    private static List<String> column(Statement sql, String query) throws Exception {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static long number(String output, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(output);
        assertThat(matcher.find()).as("output has /%s/:%n%s", regex, output).isTrue();
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }

    private static boolean alive(Long pid) {
        return pid != null && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
