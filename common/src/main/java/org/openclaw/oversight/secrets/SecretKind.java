package org.openclaw.oversight.secrets;

/**
 * The secrets of the platform (DESIGN §8). Each comes from an environment variable holding the key
 * or from one naming a key file (a mounted Kubernetes Secret); {@code oversight up} writes a random
 * one under {@code <data dir>/keys/} for the local stack. None is built in.
 */
public enum SecretKind {
    PII_KEY("PII pseudonym key", "OVERSIGHT_PII_KEY", "OVERSIGHT_PII_KEY_FILE", "pii.key"),
    DLQ_KEY("dead-letter key", "OVERSIGHT_DLQ_KEY", "OVERSIGHT_DLQ_KEY_FILE", "dlq.key");

    private final String description;
    private final String valueVariable;
    private final String fileVariable;
    private final String localFileName;

    SecretKind(String description, String valueVariable, String fileVariable, String localFileName) {
        this.description = description;
        this.valueVariable = valueVariable;
        this.fileVariable = fileVariable;
        this.localFileName = localFileName;
    }

    public String description() {
        return description;
    }

    /** Environment variable that holds the key itself. */
    public String valueVariable() {
        return valueVariable;
    }

    /** Environment variable that names a file holding the key. */
    public String fileVariable() {
        return fileVariable;
    }

    /** File name under {@code <data dir>/keys/} for the local stack. */
    public String localFileName() {
        return localFileName;
    }
}
