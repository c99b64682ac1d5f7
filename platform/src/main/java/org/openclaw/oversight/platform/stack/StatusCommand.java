package org.openclaw.oversight.platform.stack;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.platform.run.LocalJobs;
import org.openclaw.oversight.platform.stack.StackState.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Each component up or down with its address, plus topic and table counts; non-zero exit if anything is down. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each component of the local stack (up/down, address), topic and table counts, and the "
                + "jobs of `oversight run` (pid, web UI, uptime, restarts, last checkpoint). Exit code 1 when anything "
                + "of the stack is down.")
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    StackSettings settings;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StackState state = StackState.load(settings.stateFile());
        if (state.isEmpty()) {
            out.println("The local stack is not running (no " + settings.stateFile() + "). Start it: ./oversight up");
            printJobs(out);
            return 1;
        }
        boolean allUp = true;
        for (String name : StackComponents.START_ORDER) {
            Component component = state.component(name).orElse(null);
            boolean up = component != null && isUp(name, component, state);
            allUp &= up;
            out.printf("%-16s %-5s %s%n", name, up ? "up" : "DOWN",
                    component == null ? "(not started)" : component.address() + describePid(component));
        }
        Component kafka = state.component(StackComponents.KAFKA).orElse(null);
        String topics = kafka == null ? "unknown" : countTopics(kafka.address());
        String tables = countTables(state);
        out.printf("%-16s %s%n", "topics", topics);
        out.printf("%-16s %s%n", "tables", tables);
        printPsqlLine(out, state);
        allUp &= !topics.startsWith("unknown") && !tables.startsWith("unknown");
        printJobs(out);
        if (!allUp) {
            out.println("Something is down. Logs are in " + settings.dataDir() + "; restart with ./oversight up");
        }
        return allUp ? 0 : 1;
    }

    /** How to reach the database with psql: analysts need this line, and the password is nowhere else to read. */
    private static void printPsqlLine(PrintWriter out, StackState state) {
        PsqlLine.of(state).ifPresent(line -> out.printf("%-16s %s%n", "psql", line));
    }

    /** The jobs of `oversight run` (they are not part of the stack: a job that is not running is not "down"). */
    private void printJobs(PrintWriter out) {
        try {
            new LocalJobs(settings.dataDir()).printStatus(out);
        } catch (RuntimeException e) {
            out.printf("%-16s unknown (%s)%n", "jobs", e.getMessage());
        }
    }

    private static String describePid(Component component) {
        return component.pid() == null ? " (external)" : " (pid " + component.pid() + ")";
    }

    private boolean isUp(String name, Component component, StackState state) {
        if (component.pid() != null && !component.processAlive()) {
            return false;
        }
        try {
            return switch (name) {
                case StackComponents.KAFKA -> {
                    try (Admin admin = UpCommand.admin(component.address())) {
                        admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
                        yield true;
                    }
                }
                case StackComponents.SCHEMA_REGISTRY -> httpOk(component.address() + "/subjects");
                case StackComponents.ALERTMANAGER -> httpOk(component.address() + "/-/ready");
                case StackComponents.PROMETHEUS -> httpOk(component.address() + "/-/ready");
                case StackComponents.POSTGRESQL -> {
                    try (Connection connection = connect(state)) {
                        yield connection.isValid(5);
                    }
                }
                default -> false;
            };
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean httpOk(String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    private static String countTopics(String bootstrap) {
        try (Admin admin = UpCommand.admin(bootstrap)) {
            Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            long ours = Topics.all().stream().filter(t -> names.contains(t.name())).count();
            return ours + " of " + Topics.all().size() + " oversight topics"
                    + (ours < Topics.all().size() ? " (missing ones: run ./oversight up)" : "");
        } catch (Exception e) {
            return "unknown (Kafka unreachable)";
        }
    }

    private static String countTables(StackState state) {
        if (state.jdbcUrl() == null) {
            return "unknown (no database)";
        }
        try (Connection connection = connect(state); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM information_schema.tables "
                        + "WHERE table_schema = 'oversight' AND table_name <> 'flyway_schema_history'")) {
            rows.next();
            return rows.getInt(1) + " tables in schema oversight";
        } catch (Exception e) {
            return "unknown (PostgreSQL unreachable)";
        }
    }

    private static Connection connect(StackState state) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", state.dbUser());
        props.setProperty("password", state.dbPassword() == null ? "" : state.dbPassword());
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(state.jdbcUrl(), props);
    }
}
