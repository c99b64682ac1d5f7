package org.openclaw.oversight.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.config.JobOptions;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.platform.cluster.ClusterJobArguments;
import org.w3c.dom.Document;

/**
 * deploy/flink-operator against what the build makes and what the jobs accept: every manifest parses; every
 * FlinkDeployment, in the base and as each overlay renders it, validates against the operator's CRD schema
 * (strictly: a misspelt field fails); jar names and entry classes are the build's; the program arguments pass
 * JobOptions and are the ones `oversight deploy` uses; topics are those of Topics; no secret is in clear.
 */
class DeployManifestsTest {

    /** Jobs being written in the same shape (issues 12-14): their manifests exist before their modules have code. */
    static final List<String> ALL_JOBS = List.of("ingestion", "cost-aggregation", "anomaly-detection", "policy-enforcement",
            "incident-response");

    private static FlinkDeploymentSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        schema = FlinkDeploymentSchema.load();
    }

    @Test
    void everyManifestParses() throws IOException {
        List<Path> files = Manifests.yamlFiles();
        assertThat(files).hasSizeGreaterThan(15);
        for (Path file : files) {
            assertThat(Manifests.documents(file)).as(file + " has documents").isNotEmpty();
        }
    }

    @Test
    void everyFlinkDeploymentOfTheBaseValidatesAgainstTheCrd() throws IOException {
        for (String job : ALL_JOBS) {
            JsonNode resource = baseDeployment(job);
            assertThat(schema.validate(resource)).as(job).isEmpty();
        }
    }

    @Test
    void everyOverlayRendersFlinkDeploymentsThatValidate() throws IOException {
        for (String overlay : List.of("local", "production")) {
            List<JsonNode> rendered = Manifests.documents(Manifests.kustomize(Manifests.OPERATOR.resolve("overlays").resolve(overlay)));
            List<JsonNode> deployments = rendered.stream().filter(d -> d.path("kind").asText().equals("FlinkDeployment")).toList();
            assertThat(deployments).as(overlay + " FlinkDeployments").hasSize(ALL_JOBS.size());
            for (JsonNode deployment : deployments) {
                assertThat(schema.validate(deployment)).as(overlay + ": " + deployment.path("metadata").path("name").asText()).isEmpty();
                assertThat(deployment.path("metadata").path("namespace").asText()).isEqualTo("oversight");
            }
            // the image the overlay names, not the base's placeholder
            assertThat(deployments.get(0).path("spec").path("image").asText()).isNotEqualTo("oversight-jobs:latest");
            assertThat(rendered).as(overlay + ": Alertmanager's config from deploy/alertmanager/alertmanager.yml")
                    .anySatisfy(d -> assertThat(d.path("data").has("alertmanager.yml")).isTrue());
            assertNoSecretInClear(overlay, rendered);
        }
    }

    @Test
    void aMisspeltFieldOrAWrongValueFailsValidation() throws IOException {
        ObjectNode misspelt = Manifests.copy(baseDeployment("ingestion"));
        ObjectNode job = (ObjectNode) misspelt.path("spec").path("job");
        job.set("upgradMode", job.remove("upgradeMode"));
        assertThat(schema.validate(misspelt)).anySatisfy(p -> assertThat(p).contains("upgradMode"));

        ObjectNode wrongVersion = Manifests.copy(baseDeployment("ingestion"));
        ((ObjectNode) wrongVersion.path("spec")).put("flinkVersion", "v2_9");
        assertThat(schema.validate(wrongVersion)).anySatisfy(p -> assertThat(p).contains("flinkVersion"));

        ObjectNode wrongType = Manifests.copy(baseDeployment("ingestion"));
        ((ObjectNode) wrongType.path("spec").path("job")).put("parallelism", "two");
        assertThat(schema.validate(wrongType)).anySatisfy(p -> assertThat(p).contains("parallelism"));

        ObjectNode deepTypo = Manifests.copy(baseDeployment("ingestion"));
        ((ObjectNode) deepTypo.path("spec").path("taskManager").path("resource")).put("memroy", "1g");
        assertThat(schema.validate(deepTypo)).anySatisfy(p -> assertThat(p).contains("memroy"));
    }

    @Test
    void flinkVersionIsTheOneTheJobsAreBuiltAgainst() throws Exception {
        String flinkVersion = property(Manifests.REPO.resolve("pom.xml"), "flink.version"); // e.g. 2.2.0
        String expected = "v" + flinkVersion.replaceAll("^(\\d+)\\.(\\d+).*$", "$1_$2");
        for (String job : ALL_JOBS) {
            assertThat(baseDeployment(job).path("spec").path("flinkVersion").asText()).as(job).isEqualTo(expected);
        }
        assertThat(Files.readString(Manifests.OPERATOR.resolve("Dockerfile"))).contains("FROM flink:" + flinkVersion + "-java17");
    }

    /** Every job module that has code: its manifest names the jar the Dockerfile makes of its build and its main class. */
    @Test
    void jarNamesAndEntryClassesAreTheBuilds() throws Exception {
        List<String> built = new ArrayList<>();
        for (String job : ALL_JOBS) {
            Path module = Manifests.REPO.resolve("jobs").resolve(job);
            assertThat(module.resolve("pom.xml")).as("module of " + job).exists();
            if (!Files.isDirectory(module.resolve("src/main/java"))) {
                continue; // being written: its manifest follows the shape, checked when its code lands
            }
            built.add(job);
            String artifactId = element(module.resolve("pom.xml"), "artifactId");
            String mainClass = property(module.resolve("pom.xml"), "job.main.class");
            JsonNode spec = baseDeployment(job).path("spec").path("job");
            assertThat(spec.path("jarURI").asText()).isEqualTo("local:///opt/flink/usrlib/" + artifactId + ".jar");
            assertThat(spec.path("entryClass").asText()).isEqualTo(mainClass);
            assertThat(module.resolve("src/main/java").resolve(mainClass.replace('.', '/') + ".java")).exists();
            String version = element(Manifests.REPO.resolve("pom.xml"), "version");
            assertThat(dockerRename(artifactId + "-" + version + "-job.jar")).isEqualTo(artifactId);
            Path jar = module.resolve("target").resolve(artifactId + "-" + version + "-job.jar");
            if (Files.exists(jar)) { // the reactor built it before this module: the name the Dockerfile copies
                try (var file = new java.util.jar.JarFile(jar.toFile())) {
                    assertThat(file.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(mainClass);
                }
            }
        }
        assertThat(built).contains("ingestion", "cost-aggregation");
    }

    /** The arguments in job.args pass each job's option parser, and are the options `oversight deploy` gives. */
    @Test
    void programArgumentsAreAcceptedByJobOptions() throws IOException {
        for (String job : ALL_JOBS) {
            List<String> args = new ArrayList<>();
            baseDeployment(job).path("spec").path("job").path("args").forEach(a -> args.add(a.asText()));
            JobOptions options = JobOptions.parse(args.toArray(String[]::new), Map.of());
            assertThat(options.bootstrapServers()).isEqualTo("oversight-kafka-bootstrap:9092");
            assertThat(options.registryUrl()).isEqualTo("http://schema-registry:8081");
            assertThat(options.dbUrl()).isEqualTo("jdbc:postgresql://timescaledb:5432/oversight");
            assertThat(options.alertmanagerUrl()).isEqualTo("http://alertmanager:9093");
            assertThat(options.configDir()).isEqualTo("/opt/oversight/config");
            assertThat(options.dlqKeyFile()).isEqualTo("/etc/oversight/keys/dlq.key");
            assertThat(options.piiKeyFile()).isEqualTo("/etc/oversight/keys/pii.key");
            assertThat(options.local()).isFalse();
            List<String> names = args.stream().filter(a -> a.startsWith("--")).toList();
            assertThat(names).as(job + ": the options of ClusterJobArguments, in order").isEqualTo(ClusterJobArguments.OPTIONS);
        }
        // and a wrong one would be refused, so the check above could fail
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobOptions.parse(new String[] {"--bootstrap-server", "x"}, Map.of()))
                .hasMessageContaining("bootstrap-server");
    }

    @Test
    void kafkaTopicsAreThoseOfTopics() throws IOException {
        Map<String, JsonNode> manifests = new LinkedHashMap<>();
        for (JsonNode topic : Manifests.documents(Manifests.OPERATOR.resolve("base/kafka-topics.yaml"))) {
            assertThat(topic.path("kind").asText()).isEqualTo("KafkaTopic");
            manifests.put(topic.path("spec").path("topicName").asText(), topic.path("spec"));
        }
        assertThat(manifests.keySet()).containsExactlyInAnyOrderElementsOf(Topics.all().stream().map(Topics.TopicSpec::name).toList());
        for (Topics.TopicSpec topic : Topics.all()) {
            JsonNode spec = manifests.get(topic.name());
            assertThat(spec.path("partitions").asInt()).as(topic.name() + " partitions").isEqualTo(topic.partitions());
            topic.configs().forEach((key, value) ->
                    assertThat(spec.path("config").path(key).asText()).as(topic.name() + " " + key).isEqualTo(value));
            assertThat(spec.path("config").path("cleanup.policy").asText()).isEqualTo(topic.compacted() ? "compact" : "delete");
        }
    }

    @Test
    void noSecretIsInAManifestInClear() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        for (Path file : Manifests.yamlFiles()) {
            all.addAll(Manifests.documents(file));
        }
        assertNoSecretInClear("deploy/", all);
        // and the FlinkDeployments take them from the Secrets the README has the SRE create
        JsonNode container = baseDeployment("ingestion").path("spec").path("podTemplate").path("spec").path("containers").get(0);
        assertThat(container.path("env").findValues("secretKeyRef").stream().map(r -> r.path("name").asText()))
                .contains("oversight-db", "oversight-s3");
        assertThat(baseDeployment("ingestion").path("spec").path("podTemplate").path("spec").path("volumes").get(0)
                .path("secret").path("secretName").asText()).isEqualTo("oversight-keys");
    }

    private static void assertNoSecretInClear(String where, List<JsonNode> documents) {
        Pattern secretName = Pattern.compile("(?i).*(password|secret|key|token).*");
        for (JsonNode document : documents) {
            assertThat(document.path("kind").asText()).as(where + ": a Secret resource (with its values in clear)").isNotEqualTo("Secret");
            for (JsonNode env : document.findValues("env")) {
                for (JsonNode variable : env) {
                    if (secretName.matcher(variable.path("name").asText()).matches()) {
                        assertThat(variable.has("value")).as(where + ": " + variable.path("name").asText() + " given in clear").isFalse();
                    }
                }
            }
            for (JsonNode args : document.findValues("args")) {
                args.forEach(a -> assertThat(a.asText()).as(where + ": a credential as an argument").doesNotContain("--db-password"));
            }
        }
    }

    static JsonNode baseDeployment(String job) throws IOException {
        List<JsonNode> documents = Manifests.documents(Manifests.OPERATOR.resolve("base").resolve(job + ".yaml"));
        assertThat(documents).as(job + ".yaml").hasSize(1);
        return documents.get(0);
    }

    /** The Dockerfile's rename of a built jar (its sed expression), applied here with the same regex. */
    static String dockerRename(String jarName) throws IOException {
        String dockerfile = Files.readString(Manifests.OPERATOR.resolve("Dockerfile"));
        Matcher sed = Pattern.compile("sed -E 's/(.+?)/(.*?)/'").matcher(dockerfile);
        assertThat(sed.find()).as("the Dockerfile renames the jars with sed -E").isTrue();
        return jarName.replaceFirst(sed.group(1), sed.group(2)); // sed -E and java.util.regex agree on this syntax
    }

    static String property(Path pom, String name) throws Exception {
        return pom(pom).getElementsByTagName(name).item(0).getTextContent().trim();
    }

    /** The project's own element (artifactId, version), not the parent's. */
    static String element(Path pom, String name) throws Exception {
        var children = pom(pom).getDocumentElement().getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i).getNodeName().equals(name)) {
                return children.item(i).getTextContent().trim();
            }
        }
        throw new AssertionError(pom + " has no " + name);
    }

    private static Document pom(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }
}
