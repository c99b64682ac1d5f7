package org.openclaw.oversight.bench.choices;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Runs another sink's writer and keeps the first exception it throws, by label. Needed to report
 * why the library's sink failed: its failing {@code close()} takes the TaskManager down, and the job
 * then reports "The TaskExecutor is shutting down" instead of the database's reason.
 */
final class FailureRecordingSink<T> implements Sink<T> {

    static final Map<String, Throwable> FAILURES = new ConcurrentHashMap<>();

    private static final long serialVersionUID = 1L;
    private final Sink<T> sink;
    private final String label;

    FailureRecordingSink(Sink<T> sink, String label) {
        this.sink = sink;
        this.label = label;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        SinkWriter<T> writer = sink.createWriter(context);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) throws IOException, InterruptedException {
                try {
                    writer.write(element, context);
                } catch (IOException | RuntimeException e) {
                    record(e);
                    throw e;
                }
            }

            @Override
            public void flush(boolean endOfInput) throws IOException, InterruptedException {
                try {
                    writer.flush(endOfInput);
                } catch (IOException | RuntimeException e) {
                    record(e);
                    throw e;
                }
            }

            @Override
            public void close() throws Exception {
                try {
                    writer.close();
                } catch (Exception e) {
                    record(e);
                    throw e;
                }
            }
        };
    }

    private void record(Throwable e) {
        FAILURES.putIfAbsent(label, e);
    }
}
