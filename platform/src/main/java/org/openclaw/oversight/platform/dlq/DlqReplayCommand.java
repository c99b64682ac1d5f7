package org.openclaw.oversight.platform.dlq;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.openclaw.oversight.connectors.timescale.AuditLog;
import org.openclaw.oversight.platform.UserFacingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code oversight dlq replay}: sends the selected letters' decrypted key and value back to their
 * source topic, byte for byte, once the cause is fixed.
 *
 * <p>Order of a replay: the audit entry is appended in an open database transaction (which holds
 * the audit chain), then the records are sent in one Kafka transaction, then both commit — Kafka
 * first. A failure before the Kafka commit leaves neither records nor entry; only a database
 * failure in the instant between the two commits (or a Kafka commit that times out) leaves records
 * without their entry, and that is reported as such. Reading the earlier replays and writing this
 * one's entry happen in that one database transaction under an advisory lock per DLQ topic, so two
 * replays running at once cannot both send the same letters.
 *
 * <p>A second replay of the same letters: letters that an audit entry already records as replayed
 * are skipped unless {@code --again}. Sent again, the ingestion job drops event ids it saw within
 * its de-duplication window (24 h); later copies are stored once (the tables upsert on event id),
 * but reach the clean topic a second time.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Send the selected dead letters' decrypted key and value back to their source topic (after you "
                + "fixed what made them fail), in one transaction, with one audit log entry.",
                "Refuses truncated letters, letters it cannot decrypt or whose payload does not match its SHA-256, "
                        + "and tombstones; skips letters an earlier replay sent, unless --again.",
                "Replayed more than once, the ingestion job drops event ids it has seen in the last 24 h; later "
                        + "copies are stored once (tables upsert) but reach the clean topic again."})
public final class DlqReplayCommand implements Callable<Integer> {

    static final int EXIT_SOME_REFUSED = 2;

    @Parameters(arity = "0..*", paramLabel = "PARTITION:OFFSET", converter = LetterPosition.Converter.class,
            description = "Letters by their DLQ position, or a range PARTITION:FROM-TO.")
    List<LetterPosition> positions = new ArrayList<>();

    @Option(names = "--by", required = true, paramLabel = "NAME",
            description = "Who replays (your name or ticket); written to the audit log.")
    String actor;

    @Option(names = "--all", description = "Select every letter (without positions or filters nothing is selected).")
    boolean all;

    @Option(names = "--dry-run", description = "Print what would be sent (positions, targets, sizes; no content) "
            + "and send nothing.")
    boolean dryRun;

    @Option(names = "--again", description = "Also send letters that an earlier replay already sent.")
    boolean again;

    @Mixin
    DlqOptions options;

    @Mixin
    LetterFilter filter;

    @Spec
    CommandSpec spec;

    /** A selected letter and what became of it. */
    private record Decision(StoredLetter stored, OpenedLetter opened, String refusal) {}

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        String by = Actor.require(actor);
        if (positions.isEmpty() && filter.isEmpty() && !all) {
            throw new UserFacingException("no letters selected",
                    "name positions (PARTITION:OFFSET), filters (--source-topic, --error-class, --job, --since) or --all;"
                            + " `oversight dlq list` shows what there is");
        }
        DlqKey key = options.key();
        out.println("DLQ key " + key.origin() + " (key id " + key.cipher().keyId() + ")");
        DeadLetterReader reader = options.reader(options.registry());
        List<StoredLetter> selected = new ArrayList<>();
        DeadLetterReader.Report report = reader.read(positions, stored -> {
            if (filter.matches(stored)) {
                selected.add(stored);
            }
        });
        report.missing().forEach(m -> out.println("Not found: " + m));

        try (Connection connection = options.database().open()) {
            // one transaction from reading what was replayed to committing this replay's entry, under a
            // lock per DLQ topic: two replays of the same letters at once cannot both send them
            connection.setAutoCommit(false);
            DlqAudit.lockReplays(connection, options.dlqTopic());
            Map<String, DlqAudit.Replayed> replayedBefore =
                    DlqAudit.replayedBefore(connection, options.dlqTopic(), report.topicId());
            List<Decision> decisions = new ArrayList<>();
            List<StoredLetter> skipped = new ArrayList<>();
            for (StoredLetter stored : selected) {
                Optional<DlqAudit.Replayed> before = DlqAudit.lookup(replayedBefore, stored);
                if (before.isPresent() && !again) {
                    skipped.add(stored);
                    continue;
                }
                decisions.add(decide(stored, key));
            }
            List<Decision> toSend = decisions.stream().filter(d -> d.refusal() == null).toList();
            List<Decision> refused = decisions.stream().filter(d -> d.refusal() != null).toList();

            out.println(selected.size() + " letters selected" + (filter.isEmpty() ? "" : " by " + filter.describe())
                    + "; " + toSend.size() + " to send, " + refused.size() + " refused, " + skipped.size()
                    + " already replayed");
            refused.forEach(d -> out.println("  refused " + d.stored().position() + " (" + d.stored().source() + "): "
                    + d.refusal()));
            refusalCounts(refused).forEach((why, n) -> out.println("  refused: " + n + " x " + why));
            if (!skipped.isEmpty()) {
                DlqAudit.Replayed first = DlqAudit.lookup(replayedBefore, skipped.get(0)).orElseThrow();
                out.println("  skipped " + skipped.size() + " letters an earlier replay sent (e.g. " + skipped.get(0).position()
                        + ": audit seq " + first.seq() + " by " + first.actor() + " at " + first.at() + "); --again sends"
                        + " them once more — the ingestion job drops event ids it saw in the last 24 h, later copies"
                        + " are stored once but reach the clean topic again");
            }

            List<ReplayPublisher.Outgoing> outgoing = new ArrayList<>();
            try (ReplayPublisher publisher = toSend.isEmpty() ? null
                    : new ReplayPublisher(options.clientProperties(), options.readTimeout())) {
                for (Decision d : toSend) {
                    var letter = d.stored().letter();
                    int partitions = partitionsOf(publisher, letter.getSourceTopic());
                    if (letter.getPartition() >= partitions) {
                        throw new UserFacingException("source topic " + letter.getSourceTopic() + " has " + partitions
                                + " partitions, but letter " + d.stored().position() + " came from partition "
                                + letter.getPartition(), "was the topic re-created? nothing was sent");
                    }
                    outgoing.add(new ReplayPublisher.Outgoing(letter.getSourceTopic(), letter.getPartition(),
                            d.opened().key(), d.opened().payload(),
                            options.dlqTopic() + ":" + d.stored().position()));
                }
                if (dryRun) {
                    for (int i = 0; i < outgoing.size(); i++) {
                        ReplayPublisher.Outgoing o = outgoing.get(i);
                        out.println("  would send " + toSend.get(i).stored().position() + " -> " + o.topic() + " partition "
                                + o.partition() + ": key " + (o.key() == null ? "none" : o.key().length + " bytes")
                                + ", value " + o.value().length + " bytes, sha256 "
                                + OpenedLetter.sha256(o.value()).substring(0, 16) + "…");
                    }
                    out.println("Dry run: nothing sent, nothing audited.");
                    out.flush();
                    connection.rollback();
                    return refusedAny ? EXIT_SOME_REFUSED : 0;
                }
                if (outgoing.isEmpty()) {
                    out.println("Nothing to replay; nothing audited.");
                    out.flush();
                    connection.rollback();
                    return refusedAny ? EXIT_SOME_REFUSED : 0;
                }
                AuditLog.Entry entry = sendAudited(connection, publisher, by, report, toSend, outgoing, refused, skipped);
                Map<String, Long> byTopic = new TreeMap<>();
                outgoing.forEach(o -> byTopic.merge(o.topic(), 1L, Long::sum));
                out.println("Replayed " + outgoing.size() + " letters: " + byTopic + " (audit seq " + entry.seq()
                        + ", by " + by + ")");
            }
        }
        out.flush();
        return refusedAny ? EXIT_SOME_REFUSED : 0;
    }

    private boolean refusedAny;

    private Decision decide(StoredLetter stored, DlqKey key) {
        var letter = stored.letter();
        String why = null;
        OpenedLetter opened = null;
        if (letter.getTruncated()) {
            why = "truncated: the letter keeps only part of the record";
        } else {
            opened = OpenedLetter.open(stored, key.cipher());
            if (!opened.opened()) {
                why = "cannot decrypt: " + opened.refusal();
            } else if (opened.payload() == null) {
                why = "no payload (a tombstone): sending it again would fail the same way";
            } else if (letter.getPayloadSha256() != null && !opened.verified()) {
                why = "payload does not match the letter's sha256";
            }
        }
        if (why != null) {
            refusedAny = true;
        }
        return new Decision(stored, opened, why);
    }

    private static Map<String, Long> refusalCounts(List<Decision> refused) {
        Map<String, Long> counts = new TreeMap<>();
        refused.forEach(d -> counts.merge(d.refusal().replaceAll(":.*", ""), 1L, Long::sum));
        return counts;
    }

    private static int partitionsOf(ReplayPublisher publisher, String topic) {
        try {
            return publisher.partitions(topic);
        } catch (KafkaException e) {
            throw new UserFacingException("cannot find source topic " + topic + ": " + e.getMessage(),
                    "check that it exists; nothing was sent", e);
        }
    }

    private AuditLog.Entry sendAudited(Connection connection, ReplayPublisher publisher, String by,
            DeadLetterReader.Report report, List<Decision> toSend, List<ReplayPublisher.Outgoing> outgoing,
            List<Decision> refused, List<StoredLetter> skipped) throws SQLException {
        ObjectNode details = DlqAudit.details(options.dlqTopic(), report.topicId(),
                toSend.stream().map(Decision::stored).toList(), filter.describe(), positions);
        details.put("again", again).put("refused", refused.size()).put("skippedAsReplayed", skipped.size());
        ObjectNode targets = details.putObject("targets");
        outgoing.forEach(o -> targets.put(o.topic(), targets.path(o.topic()).asLong(0) + 1));
        AuditLog.Entry entry;
        try {
            entry = DlqAudit.append(connection, by, DlqAudit.REPLAY, options.dlqTopic(), details);
        } catch (SQLException e) {
            connection.rollback();
            throw new UserFacingException("cannot write the audit entry, so nothing was sent: " + e.getMessage(),
                    "check the database (--db-url / $OVERSIGHT_DB_URL, or ./oversight status)", e);
        }
        try {
            publisher.sendAll(outgoing);
        } catch (TimeoutException e) {
            connection.rollback();
            throw new UserFacingException("the Kafka transaction did not complete in time (" + e.getMessage() + "): the "
                    + outgoing.size() + " records may still become visible, and no audit entry was written",
                    "look for records with header " + ReplayPublisher.REPLAYED_FROM_HEADER + " on the source topics "
                            + "before you replay again, and record this replay (positions " + details.path("letters")
                            + ", by " + by + ")", e);
        } catch (KafkaException e) {
            connection.rollback();
            throw new UserFacingException("sending to the source topics failed, the transaction was aborted: nothing "
                    + "was replayed and nothing audited (" + e.getMessage() + ")",
                    "check Kafka and the topics' max.message.bytes, then run the replay again", e);
        }
        try {
            connection.commit();
        } catch (SQLException e) {
            throw new UserFacingException("the " + outgoing.size() + " records WERE sent, but the audit entry could not "
                    + "be committed: " + e.getMessage(), "record this replay by hand (positions "
                    + details.path("letters") + ", by " + by + "); a second replay would not know about it", e);
        }
        return entry;
    }
}
