package org.openclaw.oversight.enforcement;

import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.openclaw.oversight.policy.PolicyHierarchy;

/**
 * The policy in force inside a rule operator: the last document broadcast from {@code oversight.policies.v1}
 * (kept in broadcast state, so it survives a restart), else the policies.yml the job started with. Agents are
 * assigned to nodes by their category in oversight.yml ({@link PolicyHierarchy#nodeFor}). Every event is judged
 * by the policy current when it is processed: a pushed document applies from the next event on.
 */
public final class PolicyView implements Serializable {

    public static final MapStateDescriptor<String, PolicyMessage> STATE =
            new MapStateDescriptor<>("policies", Types.STRING, TypeInformation.of(PolicyMessage.class));
    /** Broadcast-state key of the active document. */
    static final String ACTIVE = "active-document";

    private final PolicyHierarchy initial;
    private final Map<String, String> categories;
    private transient String parsedText;
    private transient PolicyHierarchy parsed;
    /** Judgements of {@link #judgedBy}, per agent; each operator subtask has its own copy of the view. */
    private transient PolicyHierarchy judgedBy;
    private transient Map<String, Judgement> judgements;

    /** {@code categories}: agentId -> category, from oversight.yml. */
    public PolicyView(PolicyHierarchy initial, Map<String, String> categories) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.categories = Map.copyOf(categories);
    }

    /** Stores a broadcast message: a document replaces the active one, an approval is added. */
    public static void apply(BroadcastState<String, PolicyMessage> state, PolicyMessage message) throws Exception {
        state.put(message.isDocument() ? ACTIVE : message.key, message);
    }

    public PolicyHierarchy current(ReadOnlyBroadcastState<String, PolicyMessage> state) throws Exception {
        PolicyMessage active = state == null ? null : state.get(ACTIVE);
        if (active == null) {
            return initial;
        }
        if (!active.text.equals(parsedText)) {
            // validated before broadcast (PolicyTopicValidation), so this does not fail
            parsed = PolicyHierarchy.parse(active.text, "oversight.policies.v1 " + active.key);
            parsedText = active.text;
        }
        return parsed;
    }

    public Judgement judge(ReadOnlyBroadcastState<String, PolicyMessage> state, String agentId) throws Exception {
        return judge(current(state), agentId);
    }

    public Judgement judge(PolicyHierarchy hierarchy, String agentId) {
        // resolved once per agent and document, not per event: resolving walks the hierarchy and allocates
        if (hierarchy != judgedBy || judgements == null) {
            judgements = new HashMap<>();
            judgedBy = hierarchy;
        }
        Judgement cached = judgements.get(agentId);
        if (cached == null) {
            String node = hierarchy.nodeFor(agentId, categories.get(agentId));
            cached = new Judgement(hierarchy.version(), node, hierarchy.effectiveRules(node), hierarchy.enforcement());
            judgements.put(agentId, cached);
        }
        return cached;
    }

    /** The distinct approvers of an agent's version. */
    public static Set<String> approvers(ReadOnlyBroadcastState<String, PolicyMessage> state, String agentId, String version)
            throws Exception {
        Set<String> names = new HashSet<>();
        String prefix = ChangeApprovals.versionPrefix(agentId, version);
        for (Map.Entry<String, PolicyMessage> entry : state.immutableEntries()) {
            if (entry.getKey().startsWith(prefix)) {
                names.add(entry.getValue().approvedBy);
            }
        }
        return names;
    }
}
