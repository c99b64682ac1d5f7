package org.openclaw.oversight.platform.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.SecretKind;

/**
 * The program arguments a job gets on a cluster: the same options, in the same order, as {@code job.args} of
 * the job's FlinkDeployment ({@code deploy/flink-operator/base/<job>.yaml}; the deploy module's manifest test
 * holds the two together). Only addresses and file paths: the database user and password come from the
 * environment ({@code OVERSIGHT_DB_USER}, {@code OVERSIGHT_DB_PASSWORD}, on Kubernetes from a Secret), else the
 * local stack's defaults, so no credential shows in the web UI's job configuration. No {@code --checkpoint-dir}:
 * on a cluster checkpoints and savepoints go where the cluster's configuration says, and what a start restores
 * is the cluster's (or the operator's) decision.
 */
public final class ClusterJobArguments {

    /** The option names, in order, that every job's cluster arguments carry. */
    public static final List<String> OPTIONS = List.of("--bootstrap-servers", "--registry-url", "--db-url",
            "--alertmanager-url", "--config-dir", "--dlq-key-file", "--pii-key-file");

    private ClusterJobArguments() {}

    /** The addresses of the local stack (`oversight up`) and its keys under {@code stackDataDir}/keys. */
    public static List<String> of(String bootstrapServers, String registryUrl, String dbUrl, String alertmanagerUrl,
                                  Path configDir, Path stackDataDir) {
        List<String> values = List.of(bootstrapServers, registryUrl, dbUrl, alertmanagerUrl, configDir.toString(),
                LocalKeys.file(stackDataDir, SecretKind.DLQ_KEY).toString(),
                LocalKeys.file(stackDataDir, SecretKind.PII_KEY).toString());
        List<String> args = new ArrayList<>();
        for (int i = 0; i < OPTIONS.size(); i++) {
            args.add(OPTIONS.get(i));
            args.add(values.get(i));
        }
        return args;
    }
}
