package org.openclaw.oversight.localstack.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.openclaw.oversight.localstack.registry.CompatibilityChecker.ExistingSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subjects, their versions, global schema ids and compatibility levels, with Confluent's rules:
 * ids are global and reused for the same schema under any subject, versions count per subject,
 * registering a schema the subject already has returns the existing id.
 *
 * <p>Every change is first made durable in the {@link ChangeLog} as one record, then applied in
 * memory; start-up replays the log through the same {@code apply} code, so ids and versions are
 * identical after a restart. A read/write lock makes it safe for the HTTP server's threads.
 */
final class SchemaStore implements AutoCloseable {

    /** One version of a subject, as the REST API shows it. */
    record SubjectVersion(String subject, int version, int id, String schema) {}

    private record StoredSchema(int id, String text, Schema parsed) {}

    private static final class VersionEntry {
        final int version;
        final int id;
        boolean deleted;

        VersionEntry(int version, int id) {
            this.version = version;
            this.id = id;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(SchemaStore.class);

    private final ChangeLog log;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<Integer, StoredSchema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonicalSchema = new HashMap<>();
    /** Versions of each subject in ascending order; soft-deleted ones stay, flagged. */
    private final TreeMap<String, List<VersionEntry>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int maxId;

    private SchemaStore(ChangeLog log) {
        this.log = log;
    }

    static SchemaStore open(Path dataDir, ObjectMapper json) throws IOException {
        ChangeLog log = ChangeLog.open(dataDir, json);
        SchemaStore store = new SchemaStore(log);
        int line = 0;
        try {
            for (JsonNode record : log.replayed()) {
                line++;
                store.apply(record);
            }
        } catch (RuntimeException e) {
            log.close();
            throw new IOException("Cannot replay record " + line + " of the schema registry log in "
                    + dataDir.toAbsolutePath() + ": " + e.getMessage()
                    + " (was it written by a newer registry, or edited by hand?)", e);
        }
        return store;
    }

    // ---------------------------------------------------------------- writes

    /** Registers the schema under the subject (or finds it there) and returns its global id. */
    int register(String subject, String schemaText) {
        Schema candidate = parse(schemaText);
        String canonical = candidate.toString();
        return write(() -> {
            List<VersionEntry> versions = subjects.getOrDefault(subject, List.of());
            for (VersionEntry entry : versions) {
                if (!entry.deleted && schemasById.get(entry.id).text().equals(canonical)) {
                    return entry.id;
                }
            }
            CompatibilityLevel level = effectiveLevel(subject);
            List<String> problems = CompatibilityChecker.problems(candidate, liveSchemas(subject), level);
            if (!problems.isEmpty()) {
                throw RegistryError.incompatible("Schema being registered is incompatible with an earlier schema for "
                        + "subject \"" + subject + "\" under compatibility " + level + ", details: " + problems
                        + ". Give new fields a default, or change the subject's level with PUT /config/" + subject);
            }
            Integer existingId = idsByCanonicalSchema.get(canonical);
            int id = existingId != null ? existingId : maxId + 1;
            int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version + 1;
            ObjectNode record = record("register").put("subject", subject).put("version", version).put("id", id);
            if (existingId == null) {
                record.put("schema", canonical);
            }
            persistAndApply(record);
            LOG.info("Registered subject {} version {} as schema id {}{}", subject, version, id,
                    existingId == null ? "" : " (reused from another subject)");
            return id;
        });
    }

    void setGlobalLevel(CompatibilityLevel level) {
        write(() -> persistAndApply(record("level").put("level", level.name())));
    }

    void setSubjectLevel(String subject, CompatibilityLevel level) {
        write(() -> persistAndApply(record("level").put("subject", subject).put("level", level.name())));
    }

    /** Removes the subject's own level, returning it; the subject then follows the global level. */
    CompatibilityLevel removeSubjectLevel(String subject) {
        return write(() -> {
            CompatibilityLevel previous = subjectLevels.get(subject);
            if (previous == null) {
                throw RegistryError.subjectConfigNotFound(subject);
            }
            persistAndApply(record("level_removed").put("subject", subject));
            return previous;
        });
    }

    /** Soft delete hides the versions (ids stay readable); permanent delete forgets them. */
    List<Integer> deleteSubject(String subject, boolean permanent) {
        return write(() -> {
            List<VersionEntry> versions = subjects.get(subject);
            if (versions == null) {
                throw RegistryError.subjectNotFound(subject);
            }
            boolean anyLive = versions.stream().anyMatch(v -> !v.deleted);
            if (permanent && anyLive) {
                throw RegistryError.subjectNotSoftDeleted(subject);
            }
            if (!permanent && !anyLive) {
                throw new RegistryError(404, 40404, "Subject '" + subject
                        + "' was soft deleted. Set permanent=true to delete permanently");
            }
            List<Integer> affected = versions.stream().filter(v -> permanent || !v.deleted).map(v -> v.version).toList();
            persistAndApply(record("subject_deleted").put("subject", subject).put("permanent", permanent));
            return affected;
        });
    }

    int deleteVersion(String subject, String versionText, boolean permanent) {
        return write(() -> {
            VersionEntry entry = findVersion(subject, versionText, permanent);
            if (permanent && !entry.deleted) {
                throw RegistryError.versionNotSoftDeleted(subject, entry.version);
            }
            if (!permanent && entry.deleted) {
                throw new RegistryError(404, 40406, "Subject '" + subject + "' version " + entry.version
                        + " was soft deleted. Set permanent=true to delete permanently");
            }
            persistAndApply(record("version_deleted").put("subject", subject).put("version", entry.version)
                    .put("permanent", permanent));
            return entry.version;
        });
    }

    // ---------------------------------------------------------------- reads

    /** Finds the version of the subject holding this schema, or fails with 40401 / 40403. */
    SubjectVersion lookup(String subject, String schemaText, boolean includeDeleted) {
        String canonical = parse(schemaText).toString();
        return read(() -> {
            List<VersionEntry> versions = subjects.get(subject);
            if (versions == null || (!includeDeleted && versions.stream().allMatch(v -> v.deleted))) {
                throw RegistryError.subjectNotFound(subject);
            }
            for (int i = versions.size() - 1; i >= 0; i--) {
                VersionEntry entry = versions.get(i);
                if ((includeDeleted || !entry.deleted) && schemasById.get(entry.id).text().equals(canonical)) {
                    return view(subject, entry);
                }
            }
            throw RegistryError.schemaNotFound("Schema not found under subject '" + subject + "'");
        });
    }

    List<String> subjects(boolean includeDeleted) {
        return read(() -> subjects.entrySet().stream()
                .filter(e -> includeDeleted || e.getValue().stream().anyMatch(v -> !v.deleted))
                .map(Map.Entry::getKey)
                .toList());
    }

    List<Integer> versions(String subject, boolean includeDeleted) {
        return read(() -> {
            List<Integer> versions = subjects.getOrDefault(subject, List.of()).stream()
                    .filter(v -> includeDeleted || !v.deleted)
                    .map(v -> v.version)
                    .toList();
            if (versions.isEmpty()) {
                throw RegistryError.subjectNotFound(subject);
            }
            return versions;
        });
    }

    SubjectVersion version(String subject, String versionText, boolean includeDeleted) {
        return read(() -> view(subject, findVersion(subject, versionText, includeDeleted)));
    }

    Optional<String> schemaById(int id) {
        return read(() -> Optional.ofNullable(schemasById.get(id)).map(StoredSchema::text));
    }

    /** Every live subject version that uses this id (GET /schemas/ids/{id}/versions). */
    List<SubjectVersion> usesOfId(int id, boolean includeDeleted) {
        return read(() -> {
            List<SubjectVersion> uses = new ArrayList<>();
            subjects.forEach((subject, versions) -> versions.stream()
                    .filter(v -> v.id == id && (includeDeleted || !v.deleted))
                    .forEach(v -> uses.add(view(subject, v))));
            return uses;
        });
    }

    /**
     * Compatibility problems of the candidate against one version (versionText given) or, when
     * versionText is null, against the versions the subject's level names, as registration would.
     */
    List<String> compatibilityProblems(String subject, String versionText, String schemaText) {
        Schema candidate = parse(schemaText);
        return read(() -> {
            CompatibilityLevel level = effectiveLevel(subject);
            if (versionText == null) {
                return CompatibilityChecker.problems(candidate, liveSchemas(subject), level);
            }
            boolean latest = "latest".equalsIgnoreCase(versionText) || "-1".equals(versionText);
            boolean noLiveVersions = subjects.getOrDefault(subject, List.of()).stream().allMatch(v -> v.deleted);
            if (latest && noLiveVersions) {
                return List.<String>of(); // nothing registered yet, so nothing to break (Confluent agrees)
            }
            VersionEntry entry = findVersion(subject, versionText, false);
            ExistingSchema old = new ExistingSchema(entry.version, schemasById.get(entry.id).parsed());
            return CompatibilityChecker.problems(candidate, List.of(old), level);
        });
    }

    CompatibilityLevel globalLevel() {
        return read(() -> globalLevel);
    }

    Optional<CompatibilityLevel> subjectLevel(String subject) {
        return read(() -> Optional.ofNullable(subjectLevels.get(subject)));
    }

    @Override
    public void close() throws IOException {
        lock.writeLock().lock();
        try {
            log.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---------------------------------------------------------------- internals

    static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryError.invalidSchema("Invalid schema: the request has no \"schema\" string");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (RuntimeException e) {
            throw RegistryError.invalidSchema("Invalid schema: " + e.getMessage());
        }
    }

    private CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    private List<ExistingSchema> liveSchemas(String subject) {
        return subjects.getOrDefault(subject, List.of()).stream()
                .filter(v -> !v.deleted)
                .map(v -> new ExistingSchema(v.version, schemasById.get(v.id).parsed()))
                .toList();
    }

    private VersionEntry findVersion(String subject, String versionText, boolean includeDeleted) {
        List<VersionEntry> versions = subjects.get(subject);
        if (versions == null || (!includeDeleted && versions.stream().allMatch(v -> v.deleted))) {
            throw RegistryError.subjectNotFound(subject);
        }
        if ("latest".equalsIgnoreCase(versionText) || "-1".equals(versionText)) {
            for (int i = versions.size() - 1; i >= 0; i--) {
                if (includeDeleted || !versions.get(i).deleted) {
                    return versions.get(i);
                }
            }
            throw RegistryError.versionNotFound(subject, versionText);
        }
        int wanted;
        try {
            wanted = Integer.parseInt(versionText);
        } catch (NumberFormatException e) {
            throw RegistryError.invalidVersion(versionText);
        }
        if (wanted < 1) {
            throw RegistryError.invalidVersion(versionText);
        }
        for (VersionEntry entry : versions) {
            if (entry.version == wanted && (includeDeleted || !entry.deleted)) {
                return entry;
            }
        }
        throw RegistryError.versionNotFound(subject, versionText);
    }

    private SubjectVersion view(String subject, VersionEntry entry) {
        return new SubjectVersion(subject, entry.version, entry.id, schemasById.get(entry.id).text());
    }

    private static ObjectNode record(String op) {
        return JsonResponses.MAPPER.createObjectNode().put("op", op);
    }

    private void persistAndApply(ObjectNode record) {
        try {
            log.append(record);
        } catch (IOException e) {
            throw RegistryError.storeFailure("Could not write the schema registry log (" + e.getMessage()
                    + "); the change was not made. Check disk space and permissions of the data dir.");
        }
        apply(record);
    }

    /** Applies one log record to memory; the only code that mutates state, live or on replay. */
    private void apply(JsonNode record) {
        String op = record.path("op").asText();
        switch (op) {
            case "register" -> {
                int id = record.get("id").asInt();
                if (record.hasNonNull("schema")) {
                    String text = record.get("schema").asText();
                    schemasById.put(id, new StoredSchema(id, text, parse(text)));
                    idsByCanonicalSchema.put(text, id);
                    maxId = Math.max(maxId, id);
                } else if (!schemasById.containsKey(id)) {
                    throw new IllegalStateException("record refers to unknown schema id " + id);
                }
                subjects.computeIfAbsent(record.get("subject").asText(), s -> new ArrayList<>())
                        .add(new VersionEntry(record.get("version").asInt(), id));
            }
            case "level" -> {
                CompatibilityLevel level = CompatibilityLevel.valueOf(record.get("level").asText());
                if (record.hasNonNull("subject")) {
                    subjectLevels.put(record.get("subject").asText(), level);
                } else {
                    globalLevel = level;
                }
            }
            case "level_removed" -> subjectLevels.remove(record.get("subject").asText());
            case "subject_deleted" -> {
                String subject = record.get("subject").asText();
                if (record.get("permanent").asBoolean()) {
                    subjects.remove(subject);
                } else {
                    subjects.getOrDefault(subject, List.of()).forEach(v -> v.deleted = true);
                }
            }
            case "version_deleted" -> {
                String subject = record.get("subject").asText();
                int version = record.get("version").asInt();
                List<VersionEntry> versions = subjects.getOrDefault(subject, new ArrayList<>());
                if (record.get("permanent").asBoolean()) {
                    versions.removeIf(v -> v.version == version);
                    if (versions.isEmpty()) {
                        subjects.remove(subject);
                    }
                } else {
                    versions.stream().filter(v -> v.version == version).forEach(v -> v.deleted = true);
                }
            }
            default -> throw new IllegalStateException("unknown record type '" + op + "'");
        }
    }

    private <T> T read(Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T write(Supplier<T> action) {
        lock.writeLock().lock();
        try {
            return action.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void write(Runnable action) {
        write(() -> {
            action.run();
            return null;
        });
    }
}
