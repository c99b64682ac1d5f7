package org.openclaw.oversight.connectors.flink;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The shape of every job (jobs/README.md, "How a job is shaped"): a name, its real sources and sinks
 * made from a {@link JobContext}, and {@link #defineWorkflow}, which wires sources to sinks and is the
 * one entry point that {@link JobBootstrap}, tests and benchmarks call. Tests hand it bounded sources
 * and collecting or failing sinks; production hands it what {@link #sources} and {@link #sinks} make.
 *
 * @param <S> the job's sources, a small record of {@code Source}s (e.g. {@code IngestionSources})
 * @param <K> the job's sinks, an interface with one method per output stream (e.g. {@code IngestionSinks});
 *     its production implementation lives in a class of its own
 */
public interface OversightJob<S, K> {

    /**
     * The job's short name ({@code ingestion}, {@code cost-aggregation}): the {@code job} of its dead
     * letters, part of its transactional ids, its terminal lines, its local checkpoint folder and the
     * name {@code oversight run} knows it by. Never change it for a running deployment.
     */
    String name();

    /** The real sources: Kafka, from the committed offsets ({@link JobContext#startingOffsets()}). */
    S sources(JobContext context);

    /** The real sinks: the topics and tables the job writes. */
    K sinks(JobContext context);

    /**
     * Adds the whole job to {@code env}: from {@code sources} to {@code sinks}. Every operator gets a
     * {@code .name(...)} and a stable {@code .uid(...)}, so checkpoints and savepoints survive code changes.
     */
    void defineWorkflow(StreamExecutionEnvironment env, S sources, K sinks);
}
