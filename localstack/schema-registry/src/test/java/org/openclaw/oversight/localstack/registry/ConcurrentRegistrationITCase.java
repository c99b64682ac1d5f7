package org.openclaw.oversight.localstack.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many clients registering at once (several producers starting together) end with one consistent state. */
class ConcurrentRegistrationITCase {

    private static final int THREADS = 8;
    private static final int SCHEMAS = 24;
    private static final int SUBJECTS = 4;

    @TempDir
    Path dataDir;

    @Test
    void concurrentRegistrationsAgreeOnIdsAndVersions() throws Exception {
        Map<Integer, Integer> idBySchema;
        Map<String, JsonNode> versionsBySubject = new HashMap<>();
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(dataDir, "127.0.0.1", 0)) {
            RegistryRestCalls setup = new RegistryRestCalls(registry.url());
            setup.put("/config", "{\"compatibility\":\"NONE\"}"); // distinct records share subjects

            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Map<Integer, Integer>>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    RegistryRestCalls rest = new RegistryRestCalls(registry.url());
                    Map<Integer, Integer> seen = new HashMap<>();
                    go.await();
                    for (int k = 0; k < SCHEMAS; k++) {
                        int schema = (k + offset * 5) % SCHEMAS; // every thread, every schema, different order
                        seen.put(schema, rest.register("subject-" + (schema % SUBJECTS) + "-value",
                                TestSchemas.numbered(schema)));
                    }
                    return seen;
                }));
            }
            go.countDown();
            idBySchema = results.get(0).get(60, TimeUnit.SECONDS);
            for (Future<Map<Integer, Integer>> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(idBySchema);
            }
            pool.shutdown();

            assertThat(idBySchema).hasSize(SCHEMAS);
            assertThat(new HashSet<>(idBySchema.values())).hasSize(SCHEMAS);
            assertThat(idBySchema.values()).allSatisfy(id -> assertThat(id).isBetween(1, SCHEMAS));
            for (int s = 0; s < SUBJECTS; s++) {
                JsonNode versions = setup.get("/subjects/subject-" + s + "-value/versions").json();
                assertThat(versions.toString()).isEqualTo("[1,2,3,4,5,6]"); // contiguous, no duplicates
                versionsBySubject.put("subject-" + s + "-value", versions);
            }
            for (Map.Entry<Integer, Integer> entry : idBySchema.entrySet()) {
                JsonNode byId = setup.get("/schemas/ids/" + entry.getValue()).json();
                assertThat(byId.get("schema").asText()).contains("Numbered" + entry.getKey() + "\"");
            }
        }

        try (EmbeddedSchemaRegistry restarted = EmbeddedSchemaRegistry.start(dataDir, "127.0.0.1", 0)) {
            RegistryRestCalls rest = new RegistryRestCalls(restarted.url());
            for (Map.Entry<Integer, Integer> entry : idBySchema.entrySet()) {
                assertThat(rest.post("/subjects/subject-" + (entry.getKey() % SUBJECTS) + "-value",
                        RegistryRestCalls.schemaBody(TestSchemas.numbered(entry.getKey()))).json().get("id").asInt())
                        .isEqualTo(entry.getValue());
            }
            versionsBySubject.forEach((subject, versions) ->
                    assertThat(rest.get("/subjects/" + subject + "/versions").json()).isEqualTo(versions));
        }
    }
}
