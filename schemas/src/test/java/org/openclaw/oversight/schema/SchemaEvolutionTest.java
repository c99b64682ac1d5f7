package org.openclaw.oversight.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Guards schema evolution: current schemas must read everything written with released ones. */
class SchemaEvolutionTest {

    private static final Path MODULE = Paths.get("").toAbsolutePath();
    private static final Path RELEASED = MODULE.resolve("released");

    @TestFactory
    Stream<DynamicTest> everyCurrentSchemaReadsEveryReleasedVersion() throws IOException {
        Map<String, Schema> current = parseFolder(MODULE.resolve("src/main/avro"));
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> versions = Files.list(RELEASED)) {
            for (Path version : versions.filter(Files::isDirectory).sorted().toList()) {
                for (Map.Entry<String, Schema> old : parseFolder(version).entrySet()) {
                    Schema reader = current.get(old.getKey());
                    tests.add(DynamicTest.dynamicTest(old.getKey() + " reads " + version.getFileName(), () -> {
                        assertThat(reader).as("schema %s was released and must not be removed", old.getKey()).isNotNull();
                        SchemaPairCompatibility result =
                                SchemaCompatibility.checkReaderWriterCompatibility(reader, old.getValue());
                        assertThat(result.getType())
                                .as("%s: %s", old.getKey(), result.getResult().getIncompatibilities())
                                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
                    }));
                }
            }
        }
        assertThat(tests).isNotEmpty();
        return tests.stream();
    }

    @Test
    void generatedClassesMatchTheSchemaFiles() throws IOException {
        Map<String, Schema> current = parseFolder(MODULE.resolve("src/main/avro"));
        for (Class<?> type : List.of(AgentEvent.class, ChannelMessage.class, AgentHeartbeat.class,
                CleanEvent.class, Alert.class, ControlCommand.class, DeadLetter.class)) {
            Schema generated = SpecificData.get().getSchema(type);
            // Parsing Canonical Form: the generated schema carries extra "avro.java.string" properties
            assertThat(SchemaNormalization.toParsingForm(generated))
                    .isEqualTo(SchemaNormalization.toParsingForm(current.get(type.getSimpleName())));
        }
    }

    @Test
    void aBreakingChangeIsDetected() {
        Schema v1 = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
        Schema v2 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                + "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"long\"}]}");
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v2, v1).getType())
                .as("a new field without a default cannot read old data")
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    /** Parses a folder the way the build does: shared types in common/ first, then the records by name. */
    static Map<String, Schema> parseFolder(Path folder) throws IOException {
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> byName = new TreeMap<>();
        for (Path dir : List.of(folder.resolve("common"), folder)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList()) {
                    Schema schema = parser.parse(file.toFile());
                    byName.put(schema.getName(), schema);
                }
            }
        }
        return byName;
    }
}
