package org.openclaw.oversight.ingestion.pii;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The redacted text and what was found, in order of appearance. */
public record ScanResult(String redacted, List<PiiFinding> findings) implements java.io.Serializable {

    public ScanResult {
        findings = List.copyOf(findings);
    }

    static ScanResult clean(String text) {
        return new ScanResult(text, List.of());
    }

    public boolean hasPii() {
        return !findings.isEmpty();
    }

    public Set<PiiType> types() {
        if (findings.isEmpty()) {
            return EnumSet.noneOf(PiiType.class);
        }
        EnumSet<PiiType> types = EnumSet.noneOf(PiiType.class);
        for (PiiFinding f : findings) {
            types.add(f.type());
        }
        return types;
    }
}
