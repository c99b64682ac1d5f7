package org.openclaw.oversight.connectors.timescale;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask of an {@link UpsertSink}: buffers rows by key ({@link UpsertBuffer}) and hands the
 * buffer to its own background thread, which writes it in one transaction
 * ({@link UpsertBatchWriter}), when it holds {@code batchSize} keys or its oldest row has waited
 * {@code flushInterval}. The sink is chained behind the jobs' processing operators, so writing in
 * the task's mailbox thread would stall processing for every database round trip; with the
 * hand-off the next batch is built while the previous one is written.
 *
 * <p>At most one batch is in flight: when the next one is due first, the mailbox thread waits for
 * it (backpressure; memory stays bounded to two batches). The one writer thread writes batches
 * strictly in order, so a key in both the in-flight and the next batch still ends with the last
 * value. {@link #flush} — which Flink calls before every checkpoint barrier and at the end of
 * input — hands off the buffer and waits until it is committed, so a completed checkpoint means
 * its rows are in the database (at-least-once; replays rewrite the same keys).
 *
 * <p>Buffer, timer and metrics belong to the mailbox thread; the writer thread only runs
 * {@link UpsertBatchWriter#write}. A finished batch is observed in the mailbox thread (a mail
 * posted when it completes, or the next write, timer or flush), which updates the counters and
 * rethrows a failed write as an {@link IOException} with the writer's value-free message, failing
 * the job.
 */
final class UpsertSinkWriter<T> implements SinkWriter<T> {

    private static final Logger LOG = LoggerFactory.getLogger(UpsertSinkWriter.class);
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    /** What the writer thread reports for a committed batch. */
    private record Written(int rows, long millis) {}

    private final UpsertBuffer<T> buffer;
    private final UpsertBatchWriter<T> writer;
    private final String table;
    private final int batchSize;
    private final long flushIntervalMillis;
    private final ProcessingTimeService time;
    private final MailboxExecutor mailbox;
    private final ExecutorService writerThread;
    private final TypeSerializer<T> copier;

    private final Counter rowsWritten;
    private final Counter flushes;
    private final Counter retries;
    private final Counter recordsSend;
    private volatile long lastFlushMillis;

    private Future<Written> inFlight;
    private long oldestBufferedAt;
    private boolean timerPending;
    private long retriesReported;

    UpsertSinkWriter(UpsertStatement<T> statement, JdbcConnection db, int batchSize, long flushIntervalMillis,
            int rowsPerStatement, int maxRetries, WriterInitContext context) {
        this.buffer = new UpsertBuffer<>(statement);
        this.writer = new UpsertBatchWriter<>(statement, db, rowsPerStatement, maxRetries,
                UpsertSink.FIRST_RETRY_BACKOFF);
        this.table = statement.table();
        this.batchSize = batchSize;
        this.flushIntervalMillis = flushIntervalMillis;
        this.time = context.getProcessingTimeService();
        this.mailbox = context.getMailboxExecutor();
        String threadName = "upsert-writer " + table + " (" + context.getTaskInfo().getIndexOfThisSubtask() + ")";
        this.writerThread = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        // with object reuse the runtime may change a record after write(); buffered rows need a copy
        this.copier = context.isObjectReuseEnabled() ? context.createInputSerializer() : null;
        SinkWriterMetricGroup metrics = context.metricGroup();
        this.rowsWritten = metrics.counter("rowsWritten");
        this.flushes = metrics.counter("flushes");
        this.retries = metrics.counter("writeRetries");
        this.recordsSend = metrics.getNumRecordsSendCounter();
        metrics.gauge("lastFlushDurationMs", () -> lastFlushMillis);
    }

    @Override
    public void write(T record, Context context) throws IOException, InterruptedException {
        observeIfDone();
        if (buffer.isEmpty()) {
            oldestBufferedAt = time.getCurrentProcessingTime();
            scheduleFlush(oldestBufferedAt + flushIntervalMillis);
        }
        try {
            buffer.add(copier == null ? record : copier.copy(record));
        } catch (IllegalArgumentException nullKey) {
            throw new IOException(nullKey.getMessage(), nullKey);
        }
        if (buffer.size() >= batchSize) {
            handOff();
        }
    }

    /** Writes the buffer and waits until every handed-off batch is committed. */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        handOff();
        awaitInFlight();
    }

    /** Gives the buffer to the writer thread, after the previous batch (if any) is committed. */
    private void handOff() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        awaitInFlight();
        List<T> rows = buffer.rows();
        buffer.clear();
        FutureTask<Written> batch = new FutureTask<>(() -> {
            long start = System.nanoTime();
            writer.write(rows);
            return new Written(rows.size(), (System.nanoTime() - start) / 1_000_000);
        }) {
            @Override
            protected void done() {
                notifyMailbox();
            }
        };
        inFlight = batch;
        writerThread.execute(batch);
    }

    // runs in the writer thread: lets the mailbox thread observe the result without waiting for the next record
    private void notifyMailbox() {
        try {
            mailbox.execute(this::observeIfDone, "observe upsert batch into %s", table);
        } catch (RejectedExecutionException | IllegalStateException closing) {
            // the task is shutting down; flush/close (or nothing, if it failed) takes care of the batch
        }
    }

    private void awaitInFlight() throws IOException, InterruptedException {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (ExecutionException ignored) {
            // observe() rethrows it
        }
        observe();
    }

    private void observeIfDone() throws IOException {
        if (inFlight != null && inFlight.isDone()) {
            observe();
        }
    }

    /** Takes the result of the finished in-flight batch: updates the metrics or rethrows its failure. */
    private void observe() throws IOException {
        Future<Written> batch = inFlight;
        inFlight = null;
        long retried = writer.retries();
        retries.inc(retried - retriesReported);
        retriesReported = retried;
        Written written;
        try {
            written = batch.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            // the writer's messages name table, SQLState and row count, never values
            throw new IOException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // cannot happen: the batch is done
            throw new IOException("Interrupted while reading the result of an upsert into " + table, e);
        }
        rowsWritten.inc(written.rows());
        recordsSend.inc(written.rows());
        flushes.inc();
        lastFlushMillis = written.millis();
    }

    // one timer at a time, for the oldest buffered row; a zero interval means no timer
    private void scheduleFlush(long at) {
        if (flushIntervalMillis <= 0 || timerPending) {
            return;
        }
        timerPending = true;
        time.registerTimer(at, this::onTimer);
    }

    private void onTimer(long now) throws IOException, InterruptedException {
        timerPending = false;
        observeIfDone();
        if (buffer.isEmpty()) {
            return;
        }
        long due = oldestBufferedAt + flushIntervalMillis;
        if (now >= due) {
            handOff();
        } else {
            scheduleFlush(due); // the buffer was written and refilled since this timer was set
        }
    }

    @Override
    public void close() {
        // unwritten and in-flight rows are not lost: they were not checkpointed, so Flink replays them
        writerThread.shutdownNow(); // interrupts a retry backoff
        boolean stopped;
        try {
            stopped = writerThread.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = false;
        }
        if (stopped) {
            writer.close();
        } else {
            // the writer thread is stuck in a database call: closing its connection ends the call;
            // done on another thread so that closing the task never hangs on an unreachable database
            LOG.warn("The writer thread of the upsert into {} did not stop within {} ms; closing its connection",
                    table, CLOSE_WAIT_MILLIS);
            Thread closer = new Thread(writer::close, "upsert-writer-close " + table);
            closer.setDaemon(true);
            closer.start();
        }
    }
}
