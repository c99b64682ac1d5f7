package org.openclaw.oversight.connectors.alertmanager;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.openclaw.oversight.schema.Alert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every alert in an {@link AlertBook} and delivers it to Alertmanager without ever blocking
 * the task thread on the network.
 *
 * <p>Threading: requests go out with {@link java.net.http.HttpClient#sendAsync}; the answer is handed
 * back to the task's mailbox, so the book is only touched by the task thread and needs no locks.
 * At most one request is in flight, which keeps a newer version of an alert from overtaking an older
 * one. A processing-time timer ticks every second to send what became due (re-sends, the end of a
 * backoff). A dead Alertmanager therefore costs the pipeline nothing but memory for the alerts
 * it holds.
 *
 * <p>Checkpoints: {@link #flush(boolean) flush(false)} does not wait; whatever is undelivered (also
 * a request still in flight) is part of {@link #snapshotState(long)} and is sent again after a
 * restore. Only at the end of a bounded input does {@code flush(true)} wait, up to
 * {@code endOfInputDeliveryTimeout}, because there is no later checkpoint to carry the alerts.
 */
final class AlertmanagerSinkWriter implements StatefulSinkWriter<Alert, AlertmanagerWriterState> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerSinkWriter.class);
    static final long TICK_MILLIS = 1_000;

    private final AlertmanagerSinkConfig config;
    private final AlertmanagerClient client;
    private final MailboxExecutor mailbox;
    private final ProcessingTimeService time;
    private final AlertBook book;
    private final Counter alertsSent;
    private final Counter alertsRetried;
    private final Counter alertsFailed;
    private final Counter requests;
    private final SinkWriterMetricGroup metrics;

    private boolean requestInFlight;
    /** Start of the last request, for {@code minRequestInterval}; and whether a wake-up for the next one is set. */
    private long lastRequestAt = Long.MIN_VALUE / 2;
    private boolean wakeUpPending;
    private boolean closed;
    private boolean unreachable;
    private volatile int trackedGauge;
    private volatile int undeliveredGauge;

    AlertmanagerSinkWriter(AlertmanagerSinkConfig config, AlertmanagerClient client, MailboxExecutor mailbox,
            ProcessingTimeService time, SinkWriterMetricGroup metrics, Collection<AlertmanagerWriterState> restored) {
        this.config = config;
        this.client = client;
        this.mailbox = mailbox;
        this.time = time;
        this.metrics = metrics;
        this.book = new AlertBook(config);
        this.alertsSent = metrics.counter("alertsSent");
        this.alertsRetried = metrics.counter("alertsRetried");
        this.alertsFailed = metrics.counter("alertsFailed");
        this.requests = metrics.counter("requests");
        metrics.gauge("alertsTracked", () -> trackedGauge);
        metrics.gauge("alertsUndelivered", () -> undeliveredGauge);
        if (!restored.isEmpty()) {
            book.restore(restored, now());
            LOG.info("Alertmanager sink restored {} alert(s), {} of them not yet delivered; sending them to {}",
                    book.size(), book.undeliveredCount(), client.endpoint());
        }
        refreshGauges();
        scheduleTick();
        sendDue();
    }

    @Override
    public void write(Alert alert, Context context) {
        AlertContent content;
        try {
            content = AlertmanagerAlertMapping.toContent(alert, config.generatorUrl());
        } catch (IllegalArgumentException e) {
            alertsFailed.inc();
            metrics.getNumRecordsOutErrorsCounter().inc();
            // the message names alertname and fingerprint only, never label values or texts
            LOG.error("Alertmanager sink cannot map an alert and skips it: {}", e.getMessage());
            return;
        }
        book.upsert(content, now());
        refreshGauges();
        sendDue();
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        sendDue();
        if (!endOfInput) {
            return; // undelivered alerts are in the snapshot taken right after this
        }
        long deadline = System.nanoTime() + config.endOfInputDeliveryTimeout().toNanos();
        while (book.hasUndelivered()) {
            long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMillis <= 0) {
                throw new IOException(book.undeliveredCount() + " alert(s) could not be delivered to "
                        + client.endpoint() + " within " + config.endOfInputDeliveryTimeout()
                        + " after the input ended; start Alertmanager (or fix its URL) and rerun, or raise "
                        + "endOfInputDeliveryTimeout");
            }
            if (!requestInFlight) {
                // the task's timers may already be quiesced at end of input, so wake the mailbox ourselves
                long wait = Math.max(1, Math.min(leftMillis, book.nextDueAt() - now()));
                CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS)
                        .execute(() -> onMailbox(this::sendDue, "Alertmanager sink wake-up"));
            }
            mailbox.yield();
            sendDue();
        }
    }

    @Override
    public List<AlertmanagerWriterState> snapshotState(long checkpointId) {
        return List.of(book.snapshot());
    }

    @Override
    public void close() {
        closed = true;
        if (book.hasUndelivered()) {
            LOG.warn("Alertmanager sink closes with {} undelivered alert(s); a restore from the last checkpoint "
                    + "sends them again", book.undeliveredCount());
        }
    }

    private void sendDue() {
        if (closed || requestInFlight) {
            return;
        }
        long now = now();
        long earliest = lastRequestAt + config.minRequestInterval().toMillis();
        if (now < earliest) {
            // too soon after the last request: what is due now waits and goes out in one batch
            if (!wakeUpPending && book.nextDueAt() <= earliest) {
                wakeUpPending = true;
                time.registerTimer(earliest, ts -> {
                    wakeUpPending = false;
                    sendDue();
                });
            }
            return;
        }
        AlertBook.Batch batch = book.takeDue(now);
        if (batch.isEmpty()) {
            return;
        }
        lastRequestAt = now;
        requests.inc();
        requestInFlight = true;
        client.sendAsync(batch.alerts())
                .thenAccept(result -> onMailbox(() -> onResult(batch, result), "Alertmanager response"));
    }

    private void onResult(AlertBook.Batch batch, DeliveryResult result) {
        requestInFlight = false;
        long now = now();
        int n = batch.items().size();
        if (result instanceof DeliveryResult.Delivered) {
            book.onDelivered(batch, now);
            alertsSent.inc(n);
            metrics.getNumRecordsSendCounter().inc(n);
            if (unreachable) {
                unreachable = false;
                LOG.info("Alertmanager at {} reachable again; {} alert(s) still to deliver", client.endpoint(),
                        book.undeliveredCount());
            }
        } else if (result instanceof DeliveryResult.Retryable r) {
            Duration pause = book.onRetryableFailure(now);
            alertsRetried.inc(n);
            metrics.getNumRecordsSendErrorsCounter().inc(n);
            unreachable = true;
            LOG.warn("Alertmanager at {} did not take {} alert(s): {}; keeping them and retrying in {} ms",
                    client.endpoint(), n, r.reason(), pause.toMillis());
        } else if (result instanceof DeliveryResult.Rejected r) {
            List<TrackedAlert> dropped = book.onRejected(batch, now);
            if (n > 1) {
                LOG.warn("Alertmanager refused a batch of {} alerts with HTTP {} ({}); sending them one by one to "
                        + "find the bad one(s)", n, r.status(), withoutQuotedValues(r.responseBody()));
            }
            for (TrackedAlert t : dropped) {
                alertsFailed.inc();
                metrics.getNumRecordsOutErrorsCounter().inc();
                LOG.error("Alertmanager refused alert '{}' (fingerprint {}, label names {}) with HTTP {}: {}. It is "
                        + "dropped, not retried; fix the job that raised it (source={})",
                        t.content().labels().get("alertname"), t.fingerprint(), t.content().labels().keySet(),
                        r.status(), withoutQuotedValues(r.responseBody()), t.content().labels().get("source"));
            }
        }
        refreshGauges();
        sendDue();
    }

    /** Alertmanager quotes offending names and values ({@code invalid value "..."}); those may be PII. */
    static String withoutQuotedValues(String body) {
        if (body == null) {
            return "";
        }
        String s = body.replaceAll("\\\\\"", "'").replaceAll("\"[^\"]*\"", "\"…\"").trim();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private void onMailbox(Runnable action, String description) {
        try {
            mailbox.execute(action::run, description);
        } catch (RejectedExecutionException e) {
            // the task is shutting down; undelivered alerts are in the last checkpoint
            LOG.debug("Alertmanager sink: mailbox closed, dropping callback '{}'", description);
        }
    }

    private void scheduleTick() {
        time.registerTimer(now() + TICK_MILLIS, ts -> {
            if (!closed) {
                sendDue();
                scheduleTick();
            }
        });
    }

    private void refreshGauges() {
        trackedGauge = book.size();
        undeliveredGauge = book.undeliveredCount();
    }

    private long now() {
        return time.getCurrentProcessingTime();
    }
}
