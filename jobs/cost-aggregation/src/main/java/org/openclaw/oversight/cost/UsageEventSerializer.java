package org.openclaw.oversight.cost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.openclaw.oversight.connectors.kafka.RecentStrings;

/**
 * Writes a {@link UsageEvent} field by field. Every event crosses the network once (the keyBy to its
 * windows), and Flink's POJO serializer spent most of that time in reflection; this one does plain
 * reads and writes, and gives repeated ids one shared String instance ({@link RecentStrings}) so the
 * keyed state lookups behind it hash each id once. Never used for state: events are not kept.
 */
public final class UsageEventSerializer extends TypeSerializer<UsageEvent> {

    private static final long serialVersionUID = 1L;

    private transient RecentStrings strings;
    private transient byte[] scratch;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<UsageEvent> duplicate() {
        return new UsageEventSerializer(); // stateful (string table, scratch buffer): one per thread
    }

    @Override
    public UsageEvent createInstance() {
        return new UsageEvent();
    }

    @Override
    public UsageEvent copy(UsageEvent from) {
        return copy(from, new UsageEvent());
    }

    @Override
    public UsageEvent copy(UsageEvent from, UsageEvent to) {
        to.eventId = from.eventId;
        to.tenantId = from.tenantId;
        to.agentId = from.agentId;
        to.model = from.model;
        to.channel = from.channel;
        to.tier = from.tier;
        to.eventTimeMs = from.eventTimeMs;
        to.error = from.error;
        to.durationMs = from.durationMs;
        to.inputTokens = from.inputTokens;
        to.outputTokens = from.outputTokens;
        to.cachedInputTokens = from.cachedInputTokens;
        to.cacheCreationInputTokens = from.cacheCreationInputTokens;
        to.llmCall = from.llmCall;
        to.priced = from.priced;
        to.costNanoEur = from.costNanoEur;
        to.toolCall = from.toolCall;
        to.toolFailure = from.toolFailure;
        to.alignmentScore = from.alignmentScore;
        to.qualityScore = from.qualityScore;
        to.userSatisfaction = from.userSatisfaction;
        return to;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(UsageEvent e, DataOutputView out) throws IOException {
        writeString(e.eventId, out);
        writeString(e.tenantId, out);
        writeString(e.agentId, out);
        writeString(e.model, out);
        writeString(e.channel, out);
        writeString(e.tier, out);
        out.writeLong(e.eventTimeMs);
        out.writeLong(e.durationMs);
        out.writeLong(e.inputTokens);
        out.writeLong(e.outputTokens);
        out.writeLong(e.cachedInputTokens);
        out.writeLong(e.cacheCreationInputTokens);
        out.writeLong(e.costNanoEur);
        out.writeByte((e.error ? 1 : 0) | (e.priced ? 2 : 0) | (e.toolCall ? 4 : 0) | (e.toolFailure ? 8 : 0) | (e.llmCall ? 16 : 0));
        out.writeDouble(e.alignmentScore);
        out.writeDouble(e.qualityScore);
        out.writeDouble(e.userSatisfaction);
    }

    @Override
    public UsageEvent deserialize(DataInputView in) throws IOException {
        return deserialize(new UsageEvent(), in);
    }

    @Override
    public UsageEvent deserialize(UsageEvent e, DataInputView in) throws IOException {
        e.eventId = readString(in);
        e.tenantId = readString(in);
        e.agentId = readString(in);
        e.model = readString(in);
        e.channel = readString(in);
        e.tier = readString(in);
        e.eventTimeMs = in.readLong();
        e.durationMs = in.readLong();
        e.inputTokens = in.readLong();
        e.outputTokens = in.readLong();
        e.cachedInputTokens = in.readLong();
        e.cacheCreationInputTokens = in.readLong();
        e.costNanoEur = in.readLong();
        int flags = in.readByte();
        e.error = (flags & 1) != 0;
        e.priced = (flags & 2) != 0;
        e.toolCall = (flags & 4) != 0;
        e.toolFailure = (flags & 8) != 0;
        e.llmCall = (flags & 16) != 0;
        e.alignmentScore = in.readDouble();
        e.qualityScore = in.readDouble();
        e.userSatisfaction = in.readDouble();
        return e;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    private static void writeString(String value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private String readString(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        if (strings == null) {
            strings = new RecentStrings();
            scratch = new byte[64];
        }
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, 2 * scratch.length)];
        }
        in.readFully(scratch, 0, length);
        return strings.decode(scratch, 0, length);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof UsageEventSerializer;
    }

    @Override
    public int hashCode() {
        return UsageEventSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<UsageEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint's type description (it has no parameters). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<UsageEvent> {
        public Snapshot() {
            super(UsageEventSerializer::new);
        }
    }

    /** Makes {@code TypeInformation.of(UsageEvent.class)} use this serializer (see the annotation on the class). */
    public static final class Factory extends TypeInfoFactory<UsageEvent> {
        @Override
        public TypeInformation<UsageEvent> createTypeInfo(java.lang.reflect.Type type, Map<String, TypeInformation<?>> parameters) {
            return new Info();
        }
    }

    /** The type information carrying the serializer. */
    public static final class Info extends TypeInformation<UsageEvent> {
        private static final long serialVersionUID = 1L;

        @Override public boolean isBasicType() { return false; }
        @Override public boolean isTupleType() { return false; }
        @Override public int getArity() { return 1; }
        @Override public int getTotalFields() { return 1; }
        @Override public Class<UsageEvent> getTypeClass() { return UsageEvent.class; }
        @Override public boolean isKeyType() { return false; }
        @Override public TypeSerializer<UsageEvent> createSerializer(SerializerConfig config) { return new UsageEventSerializer(); }
        @Override public String toString() { return "UsageEvent"; }
        @Override public boolean equals(Object obj) { return obj instanceof Info; }
        @Override public int hashCode() { return Info.class.hashCode(); }
        @Override public boolean canEqual(Object obj) { return obj instanceof Info; }
    }
}
