package org.openclaw.oversight.enforcement;

import java.util.Optional;

/**
 * How change approvals travel on {@code oversight.policies.v1} (compacted, so every approval stays): key
 * {@code approval/<agent>/<version>/<approver>}, value the YAML line {@code approval: true}. The key alone
 * says everything; names with a '/' are refused by the command. Shared by the job and
 * {@code oversight change approve}.
 */
public final class ChangeApprovals {

    public static final String PREFIX = "approval/";
    public static final String VALUE = "approval: true\n";
    /** dual_review_for_changes: approvals by this many different people. */
    public static final int REQUIRED = 2;

    private ChangeApprovals() {}

    public static String key(String agentId, String version, String approvedBy) {
        return PREFIX + agentId + "/" + version + "/" + approvedBy;
    }

    /** The approval a key stands for, if it is one: {agent, version, approver}. */
    public static Optional<String[]> parse(String key) {
        if (key == null || !key.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = key.substring(PREFIX.length()).split("/", -1);
        if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            return Optional.empty();
        }
        return Optional.of(parts);
    }

    /** Prefix of the broadcast-state keys of one agent version's approvals. */
    public static String versionPrefix(String agentId, String version) {
        return PREFIX + agentId + "/" + version + "/";
    }
}
