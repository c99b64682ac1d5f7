package org.openclaw.oversight.platform.policy;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.openclaw.oversight.config.ConfigError;
import org.openclaw.oversight.config.ConfigException;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.enforcement.PolicyEnforcementSettings;
import org.openclaw.oversight.enforcement.PolicyReplay;
import org.openclaw.oversight.enforcement.Violation;
import org.openclaw.oversight.platform.UserFacingException;
import org.openclaw.oversight.policy.PolicyHierarchy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code oversight policy replay --policies FILE --from T --to T}: what a candidate policy would have raised over the
 * stored clean events of a period, per rule and agent, next to what the active policy raised (policy_violations of the
 * same period). Runs the job's rule code on a local MiniCluster over a bounded read of the topics; writes nothing.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Evaluate a candidate policy document over the clean events of a period (event time, ISO-8601 "
                + "instants such as 2026-03-02T08:00:00Z) and print its violations per rule and agent next to what the active "
                + "policy raised. Writes nothing, alerts nobody."})
public final class PolicyReplayCommand implements Callable<Integer> {

    @Option(names = "--policies", required = true, paramLabel = "FILE", description = "The candidate document.")
    Path policiesFile;

    @Option(names = "--from", required = true, description = "Start of the period (inclusive), e.g. 2026-03-02T08:00:00Z.")
    Instant from;

    @Option(names = "--to", required = true, description = "End of the period (exclusive).")
    Instant to;

    @Mixin
    PolicyOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!to.isAfter(from)) {
            throw new UserFacingException("--to must be after --from", "give a period such as --from 2026-03-02T08:00:00Z --to 2026-03-02T09:00:00Z");
        }
        PolicyHierarchy candidate;
        try {
            candidate = PolicyHierarchy.load(policiesFile);
        } catch (ConfigException e) {
            out.println(policiesFile + " has errors:");
            for (ConfigError error : e.errors()) {
                out.println("  ERROR " + error);
            }
            return 1;
        }
        OversightConfiguration config = OversightConfiguration.load(options.configDir());
        Configuration flink = new Configuration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(2);
        out.println("replaying " + from + " .. " + to + " with candidate version " + candidate.version() + " ...");
        List<Violation> replayed = PolicyReplay.overTopics(env, options.kafka(), PolicyEnforcementSettings.of(config), candidate, from, to);
        Map<String, long[]> table = new TreeMap<>();
        for (Violation v : replayed) {
            table.computeIfAbsent(v.rule + "\t" + v.agentId, k -> new long[2])[0]++;
        }
        try (Connection connection = options.database().open();
             PreparedStatement query = connection.prepareStatement("SELECT rule, agent_id, count(*) FROM oversight.policy_violations "
                     + "WHERE time >= ? AND time < ? GROUP BY rule, agent_id")) {
            query.setTimestamp(1, Timestamp.from(from));
            query.setTimestamp(2, Timestamp.from(to));
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    table.computeIfAbsent(row.getString(1) + "\t" + row.getString(2), k -> new long[2])[1] = row.getLong(3);
                }
            }
        }
        out.printf("%-30s %-22s %10s %10s%n", "rule", "agent", "candidate", "active");
        table.forEach((key, counts) -> {
            String[] parts = key.split("\t");
            out.printf("%-30s %-22s %10d %10d%n", parts[0], parts[1], counts[0], counts[1]);
        });
        out.println(replayed.size() + " violation(s) with the candidate; nothing was written");
        return 0;
    }
}
