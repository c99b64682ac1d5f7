package org.openclaw.oversight.enforcement;

/**
 * A validated record of {@code oversight.policies.v1}, as broadcast to every rule operator: either a policy
 * document (YAML text, already parsed once without errors) or a change approval of
 * {@code oversight change approve}. A Flink POJO.
 */
public class PolicyMessage {
    public static final String DOCUMENT = "document";
    public static final String APPROVAL = "approval";

    public String kind;
    /** Kafka key: the policy set id, or {@code approval/<agent>/<version>/<by>}. */
    public String key;
    /** The document's YAML (documents only). */
    public String text;
    /** The document's version (documents only). */
    public String version;
    public String agentId;
    public String agentVersion;
    public String approvedBy;

    public PolicyMessage() {}

    public static PolicyMessage document(String key, String text, String version) {
        PolicyMessage m = new PolicyMessage();
        m.kind = DOCUMENT;
        m.key = key;
        m.text = text;
        m.version = version;
        return m;
    }

    public static PolicyMessage approval(String agentId, String agentVersion, String approvedBy) {
        PolicyMessage m = new PolicyMessage();
        m.kind = APPROVAL;
        m.key = ChangeApprovals.key(agentId, agentVersion, approvedBy);
        m.agentId = agentId;
        m.agentVersion = agentVersion;
        m.approvedBy = approvedBy;
        return m;
    }

    public boolean isDocument() {
        return DOCUMENT.equals(kind);
    }
}
