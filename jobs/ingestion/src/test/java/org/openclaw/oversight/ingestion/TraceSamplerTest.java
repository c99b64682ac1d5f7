package org.openclaw.oversight.ingestion;

import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.CleanEvent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class TraceSamplerTest {

    @Test
    void rateIsHonouredWithinTolerance() {
        for (double rate : new double[] {0.1, 0.5, 0.9}) {
            long kept = IntStream.range(0, 20_000).filter(i -> TraceSampler.keep("trace-" + i, rate)).count();
            assertThat(kept / 20_000.0).as("share kept at rate %s", rate).isCloseTo(rate, org.assertj.core.data.Offset.offset(0.015));
        }
        long randomIds = IntStream.range(0, 20_000).filter(i -> TraceSampler.keep(UUID.randomUUID().toString(), 0.3)).count();
        assertThat(randomIds / 20_000.0).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void zeroDropsEverythingAndOneKeepsEverything() {
        assertThat(IntStream.range(0, 1000).noneMatch(i -> TraceSampler.keep("t" + i, 0.0))).isTrue();
        assertThat(IntStream.range(0, 1000).allMatch(i -> TraceSampler.keep("t" + i, 1.0))).isTrue();
    }

    @Test
    void wholeTracesAreKeptOrDroppedAndDroppedEventsKeepTheirMetrics() {
        TagPriceAndSample step = new TagPriceAndSample(TestRules.forTests());
        Map<String, Boolean> decisionByTrace = new HashMap<>();
        int dropped = 0;
        for (int trace = 0; trace < 400; trace++) {
            for (int span = 0; span < 4; span++) {
                String text = PlantedPii.forIndex(span).sentence();
                CleanEvent out = step.apply(TestEvents.clean(TestEvents.llmCall("e-" + trace + "-" + span,
                        TestRules.HALF_SAMPLED_AGENT, "trace-" + trace, text, text)));
                Boolean first = decisionByTrace.putIfAbsent("trace-" + trace, out.getSampled());
                assertThat(out.getSampled()).as("every span of trace %d decided alike", trace)
                        .isEqualTo(first == null ? out.getSampled() : first);
                if (!out.getSampled()) {
                    dropped++;
                    assertThat(out.getAgentEvent().getInput()).isNull();
                    assertThat(out.getAgentEvent().getOutput()).isNull();
                    assertThat(out.getTags()).contains(CleanEvents.TAG_SAMPLED_OUT);
                    assertThat(out.getCostEur()).as("metrics stay").isPositive();
                    assertThat(out.getAgentEvent().getInputTokens()).isEqualTo(1200);
                }
            }
        }
        assertThat(decisionByTrace.values().stream().filter(kept -> kept).count() / 400.0)
                .isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.08));
        assertThat(dropped).isPositive();
    }

    @Test
    void channelMessagesAreSampledByConversation() {
        TagPriceAndSample step = new TagPriceAndSample(TestRules.forTests());
        for (int conversation = 0; conversation < 50; conversation++) {
            List<Boolean> decisions = IntStream.range(0, 3)
                    .mapToObj(i -> "m" + i)
                    .map(id -> step.apply(TestEvents.clean(TestEvents.message(id, TestRules.HALF_SAMPLED_AGENT,
                            "conv", "hallo"))).getSampled())
                    .toList();
            assertThat(decisions).containsOnly(decisions.get(0));
        }
    }
}
