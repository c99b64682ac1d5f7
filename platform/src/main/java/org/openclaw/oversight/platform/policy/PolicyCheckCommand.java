package org.openclaw.oversight.platform.policy;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.openclaw.oversight.config.ConfigError;
import org.openclaw.oversight.enforcement.ComplianceRetentionTable;
import org.openclaw.oversight.config.ConfigException;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.policy.AuditTrailRetention;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code oversight policy check}: loads the three config files together, prints each agent's node, lineage and
 * resolved rules (value and the node that set it), then every problem: load errors with file, line and key (exit 1),
 * warnings, and contradictions with the platform config such as audit_trail_retention longer than
 * compliance_logs (exit 0: resolved in favour of the longer period; {@code --apply} writes that to the database).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Resolve every agent's policy rules and report every problem: load errors (file, line, key), warnings, "
                + "contradictions with oversight.yml.", "Exit code 1 when the files have errors."})
public final class PolicyCheckCommand implements Callable<Integer> {

    @Mixin
    PolicyOptions options;

    @Option(names = "--apply", description = "Also write the resolved retention extensions (oversight.compliance_retention) and the "
            + "compliance zones (oversight.compliance_zones) to the database.")
    boolean apply;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        OversightConfiguration config;
        try {
            config = OversightConfiguration.load(options.configDir());
        } catch (ConfigException e) {
            out.println("errors in " + options.configDir() + ":");
            for (ConfigError error : e.errors()) {
                out.println("  ERROR " + error);
            }
            return 1;
        }
        PolicyReport.resolvedRules(out, config.settings(), config.policies());
        List<AuditTrailRetention.Extension> extensions = AuditTrailRetention.extensions(config.settings(), config.policies());
        // the retention warning of the loader is the same finding as the extensions: print it once, resolved
        List<ConfigError> warnings = config.warnings().stream().filter(w -> !w.toString().contains("audit_trail_retention")).toList();
        PolicyReport.problems(out, warnings, extensions);
        if (apply) {
            int rows = ComplianceRetentionTable.store(options.database(), extensions);
            ComplianceRetentionTable.storeZones(options.database(), config.policies().enforcement());
            out.println("wrote " + rows + " row(s) to oversight.compliance_retention and the compliance zones");
        }
        return 0;
    }
}
