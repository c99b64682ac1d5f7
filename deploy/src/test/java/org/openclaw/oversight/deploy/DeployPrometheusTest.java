package org.openclaw.oversight.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.localstack.LocalPrometheus;
import org.openclaw.oversight.schema.AlertType;

/**
 * deploy/prometheus in the build: {@code promtool check rules}, {@code promtool test rules} (the unit tests with
 * series in tests/), {@code promtool check config} on the Kubernetes config and on the local stack's; every alert
 * is an AlertType with DESIGN §7's labels and annotations; budgets.yml is config/oversight.yml's budgets. promtool
 * comes with Debian's {@code prometheus}, installed the way localstack installs its servers when it is missing.
 */
class DeployPrometheusTest {

    static final Path PROMETHEUS = Manifests.DEPLOY.resolve("prometheus");
    private static Path promtool;

    @TempDir
    Path work;

    @BeforeAll
    static void promtool() {
        promtool = LocalPrometheus.promtool(Path.of(System.getProperty("java.io.tmpdir"), "oversight-apt-get.log"));
    }

    @Test
    void rulesPassPromtoolCheckAndTheirUnitTests() throws Exception {
        assertPromtool(PROMETHEUS, "check", "rules", "rules/openclaw-alerts.yml", "rules/budgets.yml");
        String tests = assertPromtool(PROMETHEUS, "test", "rules", "tests/openclaw-alerts.test.yml");
        assertThat(tests).contains("SUCCESS");
    }

    @Test
    void aRuleThatBreaksItsTestFailsPromtool() throws Exception {
        // the unit tests could fail: with the latency warning at 10 s instead of 8 s the test series (P95 9.9 s) stay quiet
        Path copy = work.resolve("prometheus");
        Files.createDirectories(copy.resolve("rules"));
        Files.createDirectories(copy.resolve("tests"));
        Files.writeString(copy.resolve("rules/openclaw-alerts.yml"), Files.readString(PROMETHEUS.resolve("rules/openclaw-alerts.yml"))
                .replace("tenant_id_model:openclaw_llm_latency_seconds:p95_5m > 8", "tenant_id_model:openclaw_llm_latency_seconds:p95_5m > 10"));
        Files.copy(PROMETHEUS.resolve("rules/budgets.yml"), copy.resolve("rules/budgets.yml"));
        Files.copy(PROMETHEUS.resolve("tests/openclaw-alerts.test.yml"), copy.resolve("tests/openclaw-alerts.test.yml"));
        Result result = promtool(copy, "test", "rules", "tests/openclaw-alerts.test.yml");
        assertThat(result.exit()).isNotZero();
        assertThat(result.output()).contains("LlmLatencyHigh");
    }

    /**
     * The Kubernetes config, with its pod discovery as static targets: Debian's Prometheus is built without the
     * Kubernetes service discovery, so its promtool refuses the kubernetes_sd_configs block (a real Prometheus
     * image has it). Everything else (rule files, alerting, relabelling) is checked as written.
     */
    @Test
    void theKubernetesAndTheLocalConfigPassPromtoolCheckConfig() throws Exception {
        Path k8s = work.resolve("k8s");
        Files.createDirectories(k8s.resolve("rules"));
        String config = Files.readString(PROMETHEUS.resolve("prometheus.yml"));
        assertThat(config).contains("kubernetes_sd_configs:");
        String withoutDiscovery = config.replaceAll("(?s)    kubernetes_sd_configs:\\n      - role: pod\\n        namespaces:\\n          names: \\[oversight\\]\\n",
                "    static_configs:\n      - targets: ['pod:9249']\n");
        assertThat(withoutDiscovery).doesNotContain("kubernetes_sd_configs");
        Files.writeString(k8s.resolve("prometheus.yml"), withoutDiscovery);
        for (String rules : List.of("openclaw-alerts.yml", "budgets.yml")) {
            Files.copy(PROMETHEUS.resolve("rules").resolve(rules), k8s.resolve("rules").resolve(rules));
        }
        assertThat(assertPromtool(k8s, "check", "config", "prometheus.yml")).contains("SUCCESS: 2 rule files found");

        Path local = work.resolve("local.yml");
        Files.writeString(local, LocalPrometheus.config(new LocalPrometheus.Targets(List.of("127.0.0.1:9249", "127.0.0.1:9260"),
                "127.0.0.1:9093", List.of(PROMETHEUS.resolve("rules/openclaw-alerts.yml"), PROMETHEUS.resolve("rules/budgets.yml")),
                Duration.ofSeconds(5))), StandardCharsets.UTF_8);
        assertThat(assertPromtool(work, "check", "config", "local.yml")).contains("SUCCESS");
    }

    @Test
    void everyAlertIsAnAlertTypeWithTheLabelsAndAnnotationsOfTheContract() throws IOException {
        Set<String> severities = Set.of("critical", "high", "medium", "low");
        List<String> names = new ArrayList<>();
        for (JsonNode group : Manifests.documents(PROMETHEUS.resolve("rules/openclaw-alerts.yml")).get(0).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (!rule.has("alert")) {
                    continue;
                }
                String name = rule.path("alert").asText();
                names.add(name);
                assertThat(AlertType.of(name)).as("alertname " + name + " in AlertType").isPresent();
                assertThat(severities).as(name + " severity").contains(rule.path("labels").path("severity").asText());
                assertThat(rule.path("labels").path("source").asText()).isEqualTo("prometheus");
                assertThat(rule.path("labels").path("escalation").asText()).matches("L[1-4]");
                for (String annotation : List.of("summary", "description", "runbook")) {
                    assertThat(rule.path("annotations").path(annotation).asText()).as(name + " " + annotation).isNotBlank();
                }
            }
        }
        // the seed's rules and the pipeline's own
        assertThat(names).contains("LlmLatencyHigh", "ChannelErrors", "TokenAnomaly", "BudgetExceeded", "JobDown",
                "CheckpointFailures", "ConsumerLag");
    }

    @Test
    void budgetsAreThoseOfTheConfig() throws IOException {
        Map<String, Double> configured = new TreeMap<>();
        for (JsonNode tenant : Manifests.YAML.readTree(Manifests.REPO.resolve("config/oversight.yml").toFile()).path("tenants")) {
            configured.put(tenant.path("id").asText(), tenant.path("daily_budget_eur").asDouble());
        }
        Map<String, Double> rules = new TreeMap<>();
        for (JsonNode rule : Manifests.documents(PROMETHEUS.resolve("rules/budgets.yml")).get(0).path("groups").get(0).path("rules")) {
            String expr = rule.path("expr").asText();
            assertThat(expr).matches("vector\\([0-9.]+\\)");
            rules.put(rule.path("labels").path("tenant_id").asText(), Double.parseDouble(expr.substring(7, expr.length() - 1)));
        }
        StringBuilder expected = new StringBuilder();
        configured.forEach((tenant, budget) -> expected.append(String.format("      - record: openclaw:tenant_daily_budget_eur%n"
                + "        expr: vector(%s)%n        labels:%n          tenant_id: %s%n", budget.toString().replaceAll("\\.0$", ""), tenant)));
        assertThat(rules).as("rules/budgets.yml should list, under rules:%n%s", expected).isEqualTo(configured);
    }

    private record Result(int exit, String output) {}

    private static String assertPromtool(Path dir, String... args) throws Exception {
        Result result = promtool(dir, args);
        assertThat(result.exit()).as("promtool " + String.join(" ", args) + ":\n" + result.output()).isZero();
        return result.output();
    }

    private static Result promtool(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
