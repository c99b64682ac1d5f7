package org.openclaw.oversight.platform.dlq;

import java.util.regex.Pattern;
import org.openclaw.oversight.platform.UserFacingException;

/** The {@code --by} of an audited command: a name that says who did it. */
final class Actor {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._@+#:/-]{0,99}");

    private Actor() {}

    static String require(String by) {
        String name = by == null ? "" : by.strip();
        if (!NAME.matcher(name).matches()) {
            throw new UserFacingException("--by must name who does this (a person, a team or a ticket: letters, digits,"
                    + " space and ._@+#:/-, at most 100 characters)",
                    "pass e.g. --by alice or --by \"INC-1234 alice\"; it is written to the audit log");
        }
        return name;
    }
}
