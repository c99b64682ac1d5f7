package org.openclaw.oversight.platform.dlq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.openclaw.oversight.connectors.timescale.AuditLog;

/**
 * What {@code dlq show} and {@code dlq replay} write to the hash-chained audit_log: who, which
 * letters (DLQ positions as ranges per partition), the filters, counts — never a key, a payload or
 * an error message. The replay entries are also the memory of what was replayed already.
 */
final class DlqAudit {

    static final String SHOW = "dlq.show";
    static final String REPLAY = "dlq.replay";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DlqAudit() {}

    static String resource(String dlqTopic) {
        return "topic:" + dlqTopic;
    }

    /** The common part of both entries; callers add their own fields. */
    static ObjectNode details(String dlqTopic, String topicId, Collection<StoredLetter> letters,
            Map<String, String> filters, List<LetterPosition> positions) {
        ObjectNode details = JSON.createObjectNode();
        details.put("dlqTopic", dlqTopic).put("dlqTopicId", topicId).put("count", letters.size());
        ObjectNode given = details.putObject("filters");
        filters.forEach(given::put);
        if (!positions.isEmpty()) {
            ArrayNode named = given.putArray("positions");
            positions.forEach(p -> named.add(p.toString()));
        }
        ObjectNode ranges = details.putObject("letters");
        ObjectNode span = details.putObject("dlqOffsetRange");
        byPartition(letters).forEach((partition, offsets) -> {
            ArrayNode list = ranges.putArray(Integer.toString(partition));
            long start = -1;
            long previous = -1;
            for (long offset : offsets) {
                if (start < 0) {
                    start = offset;
                } else if (offset != previous + 1) {
                    list.addArray().add(start).add(previous);
                    start = offset;
                }
                previous = offset;
            }
            list.addArray().add(start).add(previous);
            span.put(Integer.toString(partition), offsets.first() + "-" + offsets.last());
        });
        details.put("osUser", System.getProperty("user.name"));
        return details;
    }

    static AuditLog.Entry append(Connection connection, String actor, String action, String dlqTopic, ObjectNode details)
            throws SQLException {
        try {
            return AuditLog.append(connection, actor, action, resource(dlqTopic), JSON.writeValueAsString(details));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write audit details as JSON", e);
        }
    }

    /**
     * Serialises replays of one DLQ topic until the caller's transaction ends (a transaction-level
     * advisory lock: released on commit, rollback or a dropped connection).
     */
    static void lockReplays(Connection connection, String dlqTopic) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, REPLAY + ":" + dlqTopic);
            lock.execute();
        }
    }

    /** One earlier replay of a letter. */
    record Replayed(long seq, OffsetDateTime at, String actor) {}

    /**
     * Which DLQ positions earlier replays sent, from the audit_log; only entries for this topic
     * (by name and, when known, by Kafka topic id: a re-created topic starts its offsets again).
     */
    static Map<String, Replayed> replayedBefore(Connection connection, String dlqTopic, String topicId) throws SQLException {
        Map<String, Replayed> replayed = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT seq, at, actor, details::text AS details"
                + " FROM oversight.audit_log WHERE resource = ? AND action = ? ORDER BY seq")) {
            select.setString(1, resource(dlqTopic));
            select.setString(2, REPLAY);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    JsonNode details = parse(row.getString("details"));
                    String entryTopicId = details.path("dlqTopicId").asText(null);
                    if (entryTopicId != null && topicId != null && !entryTopicId.equals(topicId)) {
                        continue;
                    }
                    Replayed entry = new Replayed(row.getLong("seq"), row.getObject("at", OffsetDateTime.class),
                            row.getString("actor"));
                    details.path("letters").fields().forEachRemaining(partition -> partition.getValue().forEach(range -> {
                        for (long offset = range.get(0).asLong(); offset <= range.get(1).asLong(); offset++) {
                            replayed.put(partition.getKey() + ":" + offset, entry);
                        }
                    }));
                }
            }
        }
        return replayed;
    }

    static Optional<Replayed> lookup(Map<String, Replayed> replayed, StoredLetter letter) {
        return Optional.ofNullable(replayed.get(letter.position()));
    }

    private static Map<Integer, TreeSet<Long>> byPartition(Collection<StoredLetter> letters) {
        Map<Integer, TreeSet<Long>> byPartition = new TreeMap<>();
        letters.forEach(l -> byPartition.computeIfAbsent(l.dlqPartition(), p -> new TreeSet<>()).add(l.dlqOffset()));
        return byPartition;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit_log entry of " + REPLAY + " is not JSON", e);
        }
    }
}
