package org.openclaw.oversight.connectors.alertmanager;

import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreWriteTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.openclaw.oversight.schema.Alert;

/**
 * Flink Sink V2 that delivers {@link Alert}s to Alertmanager following the client contract
 * (STYLE.md): firing alerts are re-sent every {@code resendInterval} with
 * {@code endsAt = now + firingEndsAfter}, resolutions are re-sent for {@code resolvedResendWindow},
 * delivery retries with backoff and nothing undelivered is lost across checkpoints and restarts.
 *
 * <pre>{@code
 * alerts.sinkTo(new AlertmanagerSink(AlertmanagerSinkConfig.builder("http://127.0.0.1:9093").build()))
 *       .name("alertmanager").uid("alertmanager-sink").setParallelism(1);
 * }</pre>
 *
 * The sink partitions its input by fingerprint, so a resolution reaches the writer that holds the
 * firing alert. Alert volume is small; parallelism 1 is recommended (see README about rescaling).
 */
public final class AlertmanagerSink
        implements Sink<Alert>, SupportsWriterState<Alert, AlertmanagerWriterState>, SupportsPreWriteTopology<Alert> {

    private static final long serialVersionUID = 1L;

    private final AlertmanagerSinkConfig config;

    public AlertmanagerSink(AlertmanagerSinkConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    public AlertmanagerSinkConfig config() {
        return config;
    }

    @Override
    public SinkWriter<Alert> createWriter(WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<Alert, AlertmanagerWriterState> restoreWriter(WriterInitContext context,
            Collection<AlertmanagerWriterState> recoveredState) {
        return new AlertmanagerSinkWriter(config, new AlertmanagerClient(config), context.getMailboxExecutor(),
                context.getProcessingTimeService(), context.metricGroup(), recoveredState);
    }

    @Override
    public SimpleVersionedSerializer<AlertmanagerWriterState> getWriterStateSerializer() {
        return new AlertmanagerWriterStateSerializer();
    }

    @Override
    public DataStream<Alert> addPreWriteTopology(DataStream<Alert> input) {
        return input.keyBy(new ByFingerprint());
    }

    /** Same fingerprint -> same writer, so replacement and resolution find the firing alert. */
    static final class ByFingerprint implements KeySelector<Alert, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Alert alert) {
            return alert.getFingerprint() == null ? "" : alert.getFingerprint();
        }
    }
}
