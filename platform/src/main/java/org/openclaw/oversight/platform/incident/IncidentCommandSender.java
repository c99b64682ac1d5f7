package org.openclaw.oversight.platform.incident;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroSerializer;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.platform.UserFacingException;
import org.openclaw.oversight.schema.IncidentCommand;

/**
 * Sends a person's command to the incident-response job on {@code oversight.incident-commands.v1}. The
 * incident is looked up first (the job is keyed by tenant, and a correlated incident's commands go to the
 * CascadingFailure incident that took it in); the job applies it, audits it with {@code --by} as actor and
 * updates the table.
 */
final class IncidentCommandSender {

    /** The incident a command goes to. */
    record Target(String incidentId, String tenantId, String type, String status) {}

    private IncidentCommandSender() {}

    static Target find(IncidentStackOptions options, String incidentId) {
        String id = incidentId.strip();
        try (Connection db = options.database().open()) {
            for (int hops = 0; hops < 3; hops++) {
                try (PreparedStatement q = db.prepareStatement(
                        "SELECT incident_id, tenant_id, type, status, correlated_into FROM oversight.incidents WHERE incident_id = ?")) {
                    q.setString(1, id);
                    try (ResultSet rs = q.executeQuery()) {
                        if (!rs.next()) {
                            throw new UserFacingException("no incident " + id, "list the open ones with ./oversight incidents");
                        }
                        String into = rs.getString("correlated_into");
                        if (into != null && "CORRELATED".equals(rs.getString("status"))) {
                            id = into;
                            continue;
                        }
                        return new Target(rs.getString("incident_id"), rs.getString("tenant_id"), rs.getString("type"),
                                rs.getString("status"));
                    }
                }
            }
        } catch (SQLException e) {
            throw new UserFacingException("cannot read oversight.incidents (SQLState " + e.getSQLState() + ")",
                    "check the database (--db-url / $OVERSIGHT_DB_URL, or ./oversight status)");
        }
        throw new UserFacingException("incident " + incidentId + " is correlated in a loop", "report this; resolve it in the table");
    }

    static String send(IncidentStackOptions options, Target target, String command, String action, String agentId, String by) {
        String commandId = UUID.randomUUID().toString();
        IncidentCommand record = IncidentCommand.newBuilder()
                .setCommandId(commandId)
                .setIncidentId(target.incidentId())
                .setTenantId(target.tenantId())
                .setCommand(command)
                .setAction(action)
                .setAgentId(agentId)
                .setIssuedBy(by)
                .setIssuedAt(Instant.now())
                .build();
        try (KafkaProducer<String, IncidentCommand> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000), new StringSerializer(),
                new ConfluentAvroSerializer<>(options.registryUrl()))) {
            producer.send(new ProducerRecord<>(Topics.INCIDENT_COMMANDS, target.incidentId(), record)).get(40, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserFacingException("interrupted while sending the command", "run it again");
        } catch (Exception e) {
            throw new UserFacingException("could not send the command to " + Topics.INCIDENT_COMMANDS + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                    "check Kafka and that the topic exists (./oversight up creates it), then run it again");
        }
        return commandId;
    }
}
