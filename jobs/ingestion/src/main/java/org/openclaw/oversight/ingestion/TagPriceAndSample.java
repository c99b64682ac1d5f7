package org.openclaw.oversight.ingestion;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.openclaw.oversight.ingestion.pii.PromptInjectionDetector;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;

/**
 * Steps 2, 4 and 5 on one event, before any text is written: strip NULs from the free text, tag
 * prompt-injection attempts, price LLM calls, and apply the agent's sample rate. A sampled-out
 * event keeps flowing with {@code sampled=false} and without its text, so cost and latency
 * aggregates still count it.
 *
 * <p>Metrics (group {@code ingestion}): {@code injectionSuspected}, {@code unpriced},
 * {@code unknownAgentEvents}, {@code sampledOut}, {@code nulStripped}.
 */
public final class TagPriceAndSample extends RichMapFunction<CleanEvent, CleanEvent> {

    private final IngestionRules rules;
    private final EventPricer pricer;
    private transient Counter injections;
    private transient Counter unpriced;
    private transient Counter unknownAgents;
    private transient Counter sampledOut;
    private transient Counter nulStripped;

    public TagPriceAndSample(IngestionRules rules) {
        this.rules = rules;
        this.pricer = new EventPricer(rules.prices());
    }

    @Override
    public void open(OpenContext context) {
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("ingestion");
        injections = group.counter("injectionSuspected");
        unpriced = group.counter("unpriced");
        unknownAgents = group.counter("unknownAgentEvents");
        sampledOut = group.counter("sampledOut");
        nulStripped = group.counter("nulStripped");
    }

    @Override
    public CleanEvent map(CleanEvent event) {
        return apply(event);
    }

    /**
     * The whole step as a plain function (tests call it directly). Changes {@code event} in place: the
     * operator owns its input (object reuse is off, so Flink hands each operator its own copy), and a deep
     * copy per event would cost throughput for nothing.
     */
    CleanEvent apply(CleanEvent event) {
        CleanEvent out = event;
        stripNul(out);
        AgentEvent agentEvent = out.getAgentEvent();
        ChannelMessage message = out.getChannelMessage();
        boolean injection = agentEvent != null
                ? suspected(agentEvent.getInput()) || suspected(agentEvent.getOutput())
                : suspected(message.getText());
        out.setInjectionSuspected(injection);
        if (injection) {
            count(injections);
        }
        if (agentEvent != null) {
            EventPricer.Price price = pricer.price(agentEvent);
            out.setCostEur(price.eur());
            if (price.unpriced()) {
                CleanEvents.tag(out, CleanEvents.TAG_UNPRICED);
                count(unpriced);
            }
        }
        if (!rules.isKnownAgent(out.getAgentId())) {
            CleanEvents.tag(out, CleanEvents.TAG_UNKNOWN_AGENT);
            count(unknownAgents);
        }
        if (!TraceSampler.keep(CleanEvents.traceOf(out), rules.sampleRate(out.getAgentId()))) {
            out = CleanEvents.withoutText(out);
            out.setSampled(false);
            CleanEvents.tag(out, CleanEvents.TAG_SAMPLED_OUT);
            count(sampledOut);
        }
        return out;
    }

    private void stripNul(CleanEvent event) {
        boolean stripped = false;
        if (event.getAgentEvent() != null) {
            AgentEvent e = event.getAgentEvent();
            if (TextLimits.containsNul(e.getInput()) || TextLimits.containsNul(e.getOutput())) {
                e.setInput(TextLimits.withoutNul(e.getInput()));
                e.setOutput(TextLimits.withoutNul(e.getOutput()));
                stripped = true;
            }
        } else if (TextLimits.containsNul(event.getChannelMessage().getText())) {
            event.getChannelMessage().setText(TextLimits.withoutNul(event.getChannelMessage().getText()));
            stripped = true;
        }
        if (stripped) {
            CleanEvents.tag(event, CleanEvents.TAG_NUL_STRIPPED);
            count(nulStripped);
        }
    }

    private static boolean suspected(String text) {
        return text != null && !text.isEmpty() && PromptInjectionDetector.suspected(text);
    }

    private static void count(Counter counter) {
        if (counter != null) {
            counter.inc();
        }
    }
}
