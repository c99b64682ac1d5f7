package org.openclaw.oversight.platform.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.openclaw.oversight.config.ConfigError;
import org.openclaw.oversight.enforcement.ComplianceRetentionTable;
import org.openclaw.oversight.config.ConfigException;
import org.openclaw.oversight.config.OversightSettings;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.AuditLog;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.platform.UserFacingException;
import org.openclaw.oversight.policy.AuditTrailRetention;
import org.openclaw.oversight.policy.PolicyHierarchy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code oversight policy push FILE --by NAME}: validates the document exactly as the job will (a document with errors
 * is refused here, nothing is published), publishes it to the compacted {@code oversight.policies.v1} under its
 * policy-set key, writes an audit_log entry (actor, version, SHA-256 of the content, where it landed) and the
 * retention extensions it implies. The running job applies it from its next event on.
 */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Validate a policies.yml document and publish it to " + Topics.POLICIES + " (audited); the running "
                + "policy-enforcement job applies it from its next event, without a restart.",
                "A document with errors is refused and nothing is published (exit code 1)."})
public final class PolicyPushCommand implements Callable<Integer> {

    static final String ACTION = "policy.push";
    static final String DEFAULT_SET = "default";

    @Parameters(index = "0", paramLabel = "FILE", description = "The policy document (policies.yml syntax).")
    Path file;

    @Option(names = "--by", required = true, description = "Who pushes it (written to the audit log).")
    String by;

    @Option(names = "--policy-set", defaultValue = DEFAULT_SET, description = "Key on the topic (default: ${DEFAULT-VALUE}).")
    String policySet;

    @Mixin
    PolicyOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String actor = ApproverName.require(by);
        if (!Files.isRegularFile(file)) {
            throw new UserFacingException("no such file: " + file, "give the path of a policies.yml document");
        }
        PolicyHierarchy policies;
        try {
            policies = PolicyHierarchy.load(file);
        } catch (ConfigException e) {
            out.println("refused, nothing published: " + file + " has errors:");
            for (ConfigError error : e.errors()) {
                out.println("  ERROR " + error);
            }
            return 1;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        OversightSettings settings = OversightSettings.load(options.configDir().resolve("oversight.yml"));
        PolicyReport.resolvedRules(out, settings, policies);
        List<AuditTrailRetention.Extension> extensions = AuditTrailRetention.extensions(settings, policies);
        PolicyReport.problems(out, List.of(), extensions);

        JdbcConnection db = options.database();
        RecordMetadata where = PolicyTopicPublisher.publish(options.producerProperties(), policySet, text);
        ObjectNode details = new ObjectMapper().createObjectNode();
        details.put("policySet", policySet).put("version", policies.version()).put("sha256", policies.contentHash())
                .put("file", file.toAbsolutePath().normalize().toString()).put("topic", where.topic())
                .put("partition", where.partition()).put("offset", where.offset()).put("bytes", text.length());
        try (Connection connection = db.open()) {
            AuditLog.Entry entry = AuditLog.append(connection, actor, ACTION, "policy-set:" + policySet, details.toString());
            out.println();
            out.println("published version " + policies.version() + " to " + where.topic() + " (partition " + where.partition()
                    + ", offset " + where.offset() + "); audit_log entry " + entry.seq());
        } catch (java.sql.SQLException e) {
            throw new UserFacingException("published version " + policies.version() + " but could not write the audit_log entry: "
                    + e.getMessage(), "write the entry by hand (actor " + actor + ", action " + ACTION + ") and fix the database", e);
        }
        int rows = ComplianceRetentionTable.store(db, extensions);
        ComplianceRetentionTable.storeZones(db, policies.enforcement());
        out.println("wrote " + rows + " row(s) to oversight.compliance_retention");
        return 0;
    }
}
