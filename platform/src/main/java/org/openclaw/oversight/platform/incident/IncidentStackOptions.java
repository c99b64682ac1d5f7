package org.openclaw.oversight.platform.incident;

import java.util.regex.Pattern;
import org.openclaw.oversight.platform.UserFacingException;
import org.openclaw.oversight.platform.stack.StackAddressOptions;

/** Where the incidents table and the command topic are (addresses: {@link StackAddressOptions}). */
public final class IncidentStackOptions extends StackAddressOptions {

    private static final Pattern ACTOR = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._@+#:/-]{0,99}");

    /** The {@code --by} of a command: who did it, as the audit log's actor. */
    static String actor(String by) {
        String name = by == null ? "" : by.strip();
        if (!ACTOR.matcher(name).matches()) {
            throw new UserFacingException("--by must name who does this (a person, a team or a ticket: letters, digits,"
                    + " space and ._@+#:/-, at most 100 characters)",
                    "pass e.g. --by alice; the incident-response job writes it to the audit log");
        }
        return name;
    }
}
