package org.openclaw.oversight.localstack.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable state: an append-only file of JSON lines, one per change, fsynced before
 * the change is acknowledged. A record counts only once its trailing newline is on disk, so a crash
 * mid-write leaves a torn tail that {@link #open} cuts off; nothing is ever rewritten in place.
 * A lock file keeps a second registry process off the same directory.
 */
final class ChangeLog implements AutoCloseable {

    static final String LOG_FILE = "registry-changes.jsonl";
    static final String LOCK_FILE = "registry.lock";

    private static final Logger LOG = LoggerFactory.getLogger(ChangeLog.class);

    private final ObjectMapper json;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final FileChannel channel;
    private final List<JsonNode> replayed;
    private IOException broken;

    private ChangeLog(ObjectMapper json, FileChannel lockChannel, FileLock lock, FileChannel channel,
            List<JsonNode> replayed) {
        this.json = json;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.channel = channel;
        this.replayed = replayed;
    }

    static ChangeLog open(Path dataDir, ObjectMapper json) throws IOException {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new IOException("Cannot create the schema registry data dir " + dataDir.toAbsolutePath() + " ("
                    + e + "); choose a writable --data-dir", e);
        }
        FileChannel lockChannel = FileChannel.open(dataDir.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("Schema registry data dir " + dataDir.toAbsolutePath()
                    + " is in use by another running registry; stop it or choose another --data-dir");
        }
        try {
            Path file = dataDir.resolve(LOG_FILE);
            List<JsonNode> records = readCommitted(file, json);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.position(channel.size());
            return new ChangeLog(json, lockChannel, lock, channel, records);
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    /** Records written before this process started, in order. */
    List<JsonNode> replayed() {
        return replayed;
    }

    /** Writes one record and forces it to disk; returns only when it would survive a crash. */
    void append(ObjectNode record) throws IOException {
        if (broken != null) {
            throw new IOException("an earlier write failed and could not be undone (" + broken.getMessage()
                    + "); restart the registry", broken);
        }
        byte[] line = (json.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        long start = channel.position();
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            // cut the half-written record off, or later records would be glued to it
            try {
                channel.truncate(start);
                channel.position(start);
            } catch (IOException undo) {
                e.addSuppressed(undo);
                broken = e;
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            try {
                lock.release();
            } finally {
                lockChannel.close();
            }
        }
    }

    private static List<JsonNode> readCommitted(Path file, ObjectMapper json) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        byte[] bytes = Files.readAllBytes(file);
        int committedEnd = 0;
        int lineNumber = 0;
        for (int start = 0; start < bytes.length; ) {
            int newline = indexOf(bytes, (byte) '\n', start);
            if (newline < 0) {
                break; // torn tail: the write never completed, so it was never acknowledged
            }
            lineNumber++;
            String line = new String(bytes, start, newline - start, StandardCharsets.UTF_8).trim();
            if (!line.isEmpty()) {
                try {
                    records.add(json.readTree(line));
                } catch (JsonProcessingException e) {
                    throw new IOException("Schema registry log " + file.toAbsolutePath() + " is corrupt at line "
                            + lineNumber + " (" + e.getOriginalMessage() + "); restore it from a backup or move it"
                            + " away to start with an empty registry", e);
                }
            }
            committedEnd = newline + 1;
            start = newline + 1;
        }
        if (committedEnd < bytes.length) {
            LOG.warn("Schema registry log {} ends with {} bytes of an unfinished write (crash during a write?); "
                    + "dropping them", file.toAbsolutePath(), bytes.length - committedEnd);
            try (FileChannel truncate = FileChannel.open(file, StandardOpenOption.WRITE)) {
                truncate.truncate(committedEnd);
                truncate.force(true);
            }
        }
        return records;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
