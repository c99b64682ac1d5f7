package org.openclaw.oversight.policy;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One node of the policy hierarchy as written in policies.yml: {@code global}, a category such as
 * {@code customer_facing}, or an agent-specific node such as {@code hr_screening_agent}.
 *
 * @param name   node name; agents name it as their {@code category} in oversight.yml
 * @param parent the node it inherits from; null only for the root, {@code global}
 * @param rules  the rules this node sets itself (not inherited ones), in file order
 * @param line   line of the node in policies.yml (0 when not from a file)
 */
public record PolicyNode(String name, String parent, Map<RuleKind, RuleSetting> rules, int line) implements Serializable {

    public PolicyNode {
        Objects.requireNonNull(name, "name");
        rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    }

    /** The parent node's name; empty for the root. (Optional is not a field: records here must serialize.) */
    public Optional<String> inherits() {
        return Optional.ofNullable(parent);
    }
}
