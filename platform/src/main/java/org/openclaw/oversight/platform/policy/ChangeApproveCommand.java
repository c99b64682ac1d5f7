package org.openclaw.oversight.platform.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.openclaw.oversight.connectors.timescale.AuditLog;
import org.openclaw.oversight.enforcement.ChangeApprovals;
import org.openclaw.oversight.platform.UserFacingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code oversight change approve --agent A --version V --by NAME}: stores one approval in
 * {@code oversight.change_approvals}, audits it, and publishes it to {@code oversight.policies.v1} (compacted, key
 * {@code approval/A/V/NAME}) so the running job knows it. A version needs two approvals by different people.
 */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Approve an agent version (dual_review_for_changes needs two different approvers); stored, audited and "
                + "sent to the running policy-enforcement job.")
public final class ChangeApproveCommand implements Callable<Integer> {

    static final String ACTION = "change.approve";

    @Option(names = "--agent", required = true, description = "agentId, as in oversight.yml.")
    String agent;

    @Option(names = "--version", required = true, description = "The agentVersion the agent's events will carry.")
    String version;

    @Option(names = "--by", required = true, description = "Who approves (one approval per person).")
    String by;

    @Mixin
    PolicyOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String approver = ApproverName.require(by);
        for (String[] value : new String[][] {{"--agent", agent}, {"--version", version}}) {
            if (value[1] == null || value[1].isBlank() || value[1].contains("/")) {
                throw new UserFacingException(value[0] + " must be non-empty and contain no '/'", "pass the agentId and agentVersion");
            }
        }
        int approvals;
        try (Connection connection = options.database().open()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO oversight.change_approvals (agent_id, version, "
                    + "approved_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, agent);
                insert.setString(2, version);
                insert.setString(3, approver);
                if (insert.executeUpdate() == 0) {
                    connection.rollback();
                    out.println(approver + " approved " + agent + " " + version + " already; nothing changed");
                    return 0;
                }
            }
            ObjectNode details = new ObjectMapper().createObjectNode().put("agent", agent).put("version", version);
            AuditLog.append(connection, approver, ACTION, "agent:" + agent, details.toString());
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT count(DISTINCT approved_by) FROM oversight.change_approvals WHERE agent_id = ? AND version = ?")) {
                count.setString(1, agent);
                count.setString(2, version);
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    approvals = row.getInt(1);
                }
            }
            // publish before commit: a failed publish leaves no stored approval the job would not know of
            RecordMetadata where = PolicyTopicPublisher.publish(options.producerProperties(),
                    ChangeApprovals.key(agent, version, approver), ChangeApprovals.VALUE);
            connection.commit();
            out.println("approved " + agent + " " + version + " by " + approver + " (" + approvals + " of " + ChangeApprovals.REQUIRED
                    + " approvals; " + where.topic() + " offset " + where.offset() + ")");
        }
        return 0;
    }
}
