package org.openclaw.oversight.cost;

/**
 * The running aggregate of one (tenant, agent, model) window. A Flink POJO (public fields, no-arg
 * constructor) whose only non-primitive field is a {@link LatencySketch} Flink {@code Value}, so
 * checkpoints never fall back to Kryo (asserted in {@code StateSerializationTest}).
 */
public class WindowAccumulator {

    public long requests;
    public long errors;
    public long inputTokens;
    public long outputTokens;
    public long cachedInputTokens;
    public long cacheCreationInputTokens;
    public long costNanoEur;
    public long unpricedRequests;
    public long llmCalls;
    public long unpricedLlmCalls;
    public long toolCalls;
    public long toolFailures;
    public long latencyCount;
    public long latencySumMs;
    /** -1 while no event carried a latency. */
    public long latencyMaxMs = -1;
    public double alignmentSum;
    public long alignmentCount;
    public double qualitySum;
    public long qualityCount;
    public double satisfactionSum;
    public long satisfactionCount;
    public LatencySketch latency = new LatencySketch();

    public WindowAccumulator() {}

    public void add(UsageEvent e) {
        requests++;
        if (e.error) {
            errors++;
        }
        inputTokens += e.inputTokens;
        outputTokens += e.outputTokens;
        cachedInputTokens += e.cachedInputTokens;
        cacheCreationInputTokens += e.cacheCreationInputTokens;
        if (e.priced) {
            costNanoEur += e.costNanoEur;
        } else {
            unpricedRequests++;
        }
        if (e.llmCall) {
            llmCalls++;
            if (!e.priced) {
                unpricedLlmCalls++;
            }
        }
        if (e.toolCall) {
            toolCalls++;
            if (e.toolFailure) {
                toolFailures++;
            }
        }
        if (e.durationMs >= 0) {
            latencyCount++;
            latencySumMs += e.durationMs;
            latencyMaxMs = Math.max(latencyMaxMs, e.durationMs);
            latency.add(e.durationMs);
        }
        if (!Double.isNaN(e.alignmentScore)) {
            alignmentSum += e.alignmentScore;
            alignmentCount++;
        }
        if (!Double.isNaN(e.qualityScore)) {
            qualitySum += e.qualityScore;
            qualityCount++;
        }
        if (!Double.isNaN(e.userSatisfaction)) {
            satisfactionSum += e.userSatisfaction;
            satisfactionCount++;
        }
    }

    public WindowAccumulator merge(WindowAccumulator o) {
        requests += o.requests;
        errors += o.errors;
        inputTokens += o.inputTokens;
        outputTokens += o.outputTokens;
        cachedInputTokens += o.cachedInputTokens;
        cacheCreationInputTokens += o.cacheCreationInputTokens;
        costNanoEur += o.costNanoEur;
        unpricedRequests += o.unpricedRequests;
        llmCalls += o.llmCalls;
        unpricedLlmCalls += o.unpricedLlmCalls;
        toolCalls += o.toolCalls;
        toolFailures += o.toolFailures;
        latencyCount += o.latencyCount;
        latencySumMs += o.latencySumMs;
        latencyMaxMs = Math.max(latencyMaxMs, o.latencyMaxMs);
        latency.mergeWith(o.latency);
        alignmentSum += o.alignmentSum;
        alignmentCount += o.alignmentCount;
        qualitySum += o.qualitySum;
        qualityCount += o.qualityCount;
        satisfactionSum += o.satisfactionSum;
        satisfactionCount += o.satisfactionCount;
        return this;
    }
}
