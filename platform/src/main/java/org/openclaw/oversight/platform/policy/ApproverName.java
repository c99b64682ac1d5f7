package org.openclaw.oversight.platform.policy;

import java.util.regex.Pattern;
import org.openclaw.oversight.platform.UserFacingException;

/** The {@code --by} of an audited policy command: a person's name (no '/', which separates the approval key). */
final class ApproverName {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._@+#:-]{0,99}");

    private ApproverName() {}

    static String require(String by) {
        String name = by == null ? "" : by.strip();
        if (!NAME.matcher(name).matches()) {
            throw new UserFacingException("--by must name who does this (letters, digits, space and ._@+#:-, at most 100 characters)",
                    "pass e.g. --by alice; it is written to the audit log");
        }
        return name;
    }
}
