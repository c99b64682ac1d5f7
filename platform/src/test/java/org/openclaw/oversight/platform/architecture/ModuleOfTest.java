package org.openclaw.oversight.platform.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModuleOfTest {

    @Test
    void tellsModulesFromReactorFolders() {
        assertThat(ModuleOf.of("file:/src/jobs/ingestion/target/classes/org/x/A.class")).contains(new ModuleOf("jobs", "ingestion"));
        assertThat(ModuleOf.of("file:/src/connectors/kafka/target/classes/A.class")).contains(new ModuleOf("connectors", "kafka"));
        assertThat(ModuleOf.of("file:/src/connectors/flink/target/classes/A.class")).contains(new ModuleOf("connectors", "flink"));
        assertThat(ModuleOf.of("file:/src/common/target/classes/A.class")).contains(new ModuleOf("common", "common"));
        assertThat(ModuleOf.of("file:/src/localstack/schema-registry/target/classes/A.class"))
                .contains(new ModuleOf("localstack", "schema-registry"));
    }

    @Test
    void tellsModulesFromJars() {
        assertThat(ModuleOf.of("jar:file:/m2/oversight-job-cost-aggregation-0.1.0-SNAPSHOT.jar!/A.class"))
                .contains(new ModuleOf("jobs", "cost-aggregation"));
        assertThat(ModuleOf.of("jar:file:/m2/oversight-connectors-timescale-0.1.0-SNAPSHOT.jar!/A.class"))
                .contains(new ModuleOf("connectors", "timescale"));
        assertThat(ModuleOf.of("jar:file:/m2/oversight-connectors-flink-0.1.0-SNAPSHOT.jar!/A.class"))
                .contains(new ModuleOf("connectors", "flink"));
        assertThat(ModuleOf.of("jar:file:/m2/oversight-kafka-broker-0.1.0-SNAPSHOT.jar!/A.class"))
                .contains(new ModuleOf("localstack", "kafka-broker"));
    }

    @Test
    void ignoresLibrariesAndTestClasses() {
        assertThat(ModuleOf.of("jar:file:/m2/flink-core-2.2.0.jar!/A.class")).isEmpty();
        assertThat(ModuleOf.of("file:/src/jobs/ingestion/target/test-classes/A.class")).isEmpty();
    }
}
