package org.openclaw.oversight.platform.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.platform.FriendlyErrors;
import picocli.CommandLine;

/** {@code oversight policy check} in-process, through the {@code policy} parent command like the CLI. */
class PolicyCheckCommandTest {

    private static final Path SHIPPED = Path.of("../config");

    @TempDir
    Path dir;

    private record Run(int code, String out) {}

    private static Run run(String... args) {
        CommandLine cli = new CommandLine(new PolicyCommand()).setExecutionExceptionHandler(new FriendlyErrors());
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        return new Run(cli.execute(args), out.toString());
    }

    @Test
    void printsEveryAgentsResolvedRulesAndTheRetentionContradiction() {
        Run run = run("check", "--config-dir", SHIPPED.toString());
        assertThat(run.code()).isZero();
        assertThat(run.out())
                .contains("hr-screening-agent (tenant globex-finance): node hr_screening_agent, lineage global -> customer_facing -> high_risk -> hr_screening_agent")
                .containsPattern("alignment_score_minimum\\s+0.9\\s+from hr_screening_agent")
                .containsPattern("max_cost_per_interaction\\s+1.0\\s+from internal")
                .contains("CONTRADICTION finance-agent: audit_trail_retention 5y (1825d, node high_risk) > storage.retention.compliance_logs 1095d")
                .contains("CONTRADICTION legal-agent", "CONTRADICTION hr-screening-agent")
                .doesNotContain("CONTRADICTION support-agent");
    }

    @Test
    void loadErrorsNameFileLineAndKeyAndFail() throws Exception {
        for (String file : new String[] {"oversight.yml", "pricing.yml"}) {
            Files.copy(SHIPPED.resolve(file), dir.resolve(file));
        }
        Files.writeString(dir.resolve("policies.yml"), Files.readString(SHIPPED.resolve("policies.yml"))
                .replace("inherits: global\n    rules:\n      transparency_notice_required", "inherits: high_risk\n    rules:\n      transparency_notice_required")
                .replace("max_response_time: 5000ms", "max_response_time: fast")
                .replace("no_age_inference: true", "no_age_guessing: true"));
        Run run = run("check", "--config-dir", dir.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out())
                .containsPattern("policies.yml:\\d+: key 'policies.customer_facing.inherits': inheritance cycle: customer_facing -> high_risk -> customer_facing")
                .containsPattern("policies.yml:\\d+: key 'policies.customer_facing.rules.max_response_time': invalid duration 'fast'")
                .containsPattern("policies.yml:\\d+: key 'policies.hr_screening_agent.rules.no_age_guessing': unknown rule");
    }
}
