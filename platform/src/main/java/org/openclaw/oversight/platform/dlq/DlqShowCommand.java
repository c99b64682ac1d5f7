package org.openclaw.oversight.platform.dlq;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openclaw.oversight.connectors.kafka.SchemaRegistryClient;
import org.openclaw.oversight.connectors.timescale.AuditLog;
import org.openclaw.oversight.platform.UserFacingException;
import org.openclaw.oversight.schema.DeadLetter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code oversight dlq show}: letters with their decrypted key and payload, in memory only. The
 * audit entry is committed before anything is decrypted onto the screen; no entry, no content.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Print dead letters: their metadata and the decrypted key and payload (as Avro JSON when the "
                + "payload decodes with the registry's schema, else as a hex dump).",
                "Needs the DLQ key ($OVERSIGHT_DLQ_KEY_FILE, $OVERSIGHT_DLQ_KEY, else the local stack's key file) and "
                        + "--by NAME; every use is written to the audit log before anything is shown."})
public final class DlqShowCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "PARTITION:OFFSET", converter = LetterPosition.Converter.class,
            description = "Letters by their DLQ position (as `dlq list` prints it), or a range PARTITION:FROM-TO.")
    List<LetterPosition> positions = new ArrayList<>();

    @Option(names = "--by", required = true, paramLabel = "NAME",
            description = "Who is looking (your name or ticket); written to the audit log.")
    String actor;

    @Option(names = "--limit", defaultValue = "5", description = "At most this many letters (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--max-bytes", defaultValue = "4096",
            description = "Hex dumps stop after this many bytes (default: ${DEFAULT-VALUE}).")
    int maxBytes;

    @Mixin
    DlqOptions options;

    @Mixin
    LetterFilter filter;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        String by = Actor.require(actor);
        if (limit < 1) {
            throw new UserFacingException("--limit must be at least 1", "pass --limit 1 or more");
        }
        if (maxBytes < 1) {
            throw new UserFacingException("--max-bytes must be at least 1 (it was " + maxBytes + ")",
                    "pass e.g. --max-bytes 4096; a letter holds at most " + (768 * 1024) + " bytes");
        }
        DlqKey key = options.key();
        out.println("DLQ key " + key.origin() + " (key id " + key.cipher().keyId() + ")");
        SchemaRegistryClient registry = options.registry();
        DeadLetterReader reader = options.reader(registry);
        List<StoredLetter> selected = new ArrayList<>();
        long[] matching = {0};
        DeadLetterReader.Report report = reader.read(positions, stored -> {
            if (filter.matches(stored)) {
                matching[0]++;
                if (selected.size() < limit) {
                    selected.add(stored);
                }
            }
        });
        report.missing().forEach(m -> out.println("Not found: " + m));
        if (selected.isEmpty()) {
            out.println("No dead letters match; nothing shown, nothing audited.");
            out.flush();
            return positions.isEmpty() ? 0 : 1;
        }

        ObjectNode details = DlqAudit.details(options.dlqTopic(), report.topicId(), selected, filter.describe(), positions);
        details.put("limit", limit).put("matching", matching[0]);
        AuditLog.Entry entry;
        try (Connection connection = options.database().open()) {
            entry = DlqAudit.append(connection, by, DlqAudit.SHOW, options.dlqTopic(), details);
        } catch (SQLException e) {
            throw new UserFacingException("cannot write the audit entry, so nothing is shown: " + e.getMessage(),
                    "check the database (--db-url / $OVERSIGHT_DB_URL, or ./oversight status)", e);
        }
        out.println("Showing " + selected.size() + " of " + matching[0] + " matching letters (audit seq " + entry.seq()
                + ", by " + by + ")");

        PayloadRendering rendering = new PayloadRendering(registry);
        for (StoredLetter stored : selected) {
            print(out, stored, OpenedLetter.open(stored, key.cipher()), rendering);
        }
        out.flush();
        return 0;
    }

    private void print(PrintWriter out, StoredLetter stored, OpenedLetter opened, PayloadRendering rendering) {
        DeadLetter letter = stored.letter();
        out.println();
        out.println("== letter " + stored.position() + " on " + options.dlqTopic());
        out.println("source       " + stored.source());
        out.println("job          " + letter.getJob());
        out.println("failed at    " + letter.getFailedAt());
        out.println("error class  " + letter.getErrorClass());
        out.println("error        " + letter.getErrorMessage());
        out.println("encryption   " + (letter.getPayloadEncryption() == null ? "none (written before encryption)"
                : letter.getPayloadEncryption() + ", key id " + letter.getKeyId()));
        out.println("size         " + (letter.getPayloadSize() == null ? "unknown" : letter.getPayloadSize() + " bytes")
                + (letter.getPayloadSha256() == null ? "" : ", sha256 " + letter.getPayloadSha256()));
        if (letter.getTruncated()) {
            out.println("TRUNCATED    the letter keeps only part of the record (cut to fit the DLQ topic); it cannot"
                    + " be replayed");
        }
        if (!opened.opened()) {
            out.println("NOT DECRYPTED " + opened.refusal());
            return;
        }
        out.println("key          " + PayloadRendering.key(opened.key()));
        if (opened.payload() == null) {
            out.println("payload      (none: a tombstone)");
            return;
        }
        out.println("integrity    " + (opened.verified() ? "payload matches its sha256"
                : letter.getTruncated() ? "not checked (truncated)"
                : letter.getPayloadSha256() == null ? "no sha256 kept" : "MISMATCH: payload does not match its sha256"));
        PayloadRendering.Rendered rendered = rendering.render(opened.payload(), maxBytes);
        out.println("payload      " + opened.payload().length + " bytes" + (letter.getTruncated() ? " kept" : "")
                + ", " + rendered.kind());
        out.println(rendered.text().stripTrailing());
    }
}
