package org.openclaw.oversight.connectors.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The re-send schedule, driven by a hand-moved clock. */
class AlertBookTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long MIN = 60_000;

    private final AlertBook book = new AlertBook(Duration.ofMinutes(1), Duration.ofMinutes(4), Duration.ofMinutes(5),
            2, new RetryBackoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0.0));

    private static AlertContent firing(String fp, String summary) {
        return new AlertContent(fp, Map.of("alertname", "A", "fp", fp), Map.of("summary", summary), T0 - MIN,
                null, null);
    }

    private static AlertContent resolved(String fp, long endsAt) {
        return new AlertContent(fp, Map.of("alertname", "A", "fp", fp), Map.of("summary", "s"), T0 - MIN,
                endsAt, null);
    }

    @Test
    void newAlertIsDueAtOnceThenEveryResendIntervalWithEndsAtNowPlusFourMinutes() {
        book.upsert(firing("a", "s"), T0);

        AlertBook.Batch first = book.takeDue(T0);
        assertThat(first.alerts()).singleElement()
                .satisfies(p -> assertThat(p.endsAt()).isEqualTo(Instant.ofEpochMilli(T0 + 4 * MIN)));
        book.onDelivered(first, T0 + 5);

        assertThat(book.hasUndelivered()).isFalse();
        assertThat(book.takeDue(T0 + MIN - 1).isEmpty()).isTrue();
        AlertBook.Batch second = book.takeDue(T0 + 5 + MIN);
        assertThat(second.alerts()).singleElement()
                .satisfies(p -> assertThat(p.endsAt()).isEqualTo(Instant.ofEpochMilli(T0 + 5 + 5 * MIN)));
        assertThat(book.nextDueAt()).isEqualTo(T0 + 5 + MIN);
    }

    @Test
    void sameContentAgainDoesNotCauseARequestButChangedContentReplacesIt() {
        book.upsert(firing("a", "s"), T0);
        book.onDelivered(book.takeDue(T0), T0);

        assertThat(book.upsert(firing("a", "s"), T0 + 1000)).isFalse();
        assertThat(book.takeDue(T0 + 1000).isEmpty()).isTrue();

        assertThat(book.upsert(firing("a", "worse"), T0 + 2000)).isTrue();
        assertThat(book.size()).isEqualTo(1);
        assertThat(book.takeDue(T0 + 2000).alerts()).singleElement()
                .satisfies(p -> assertThat(p.annotations()).containsEntry("summary", "worse"));
    }

    @Test
    void resolutionIsResentForTheWindowThenForgotten() {
        book.upsert(firing("a", "s"), T0);
        book.onDelivered(book.takeDue(T0), T0);
        book.upsert(resolved("a", T0 + 10_000), T0 + 10_000);

        long now = T0 + 10_000;
        int sends = 0;
        while (book.size() > 0 && sends < 100) {
            AlertBook.Batch b = book.takeDue(now);
            assertThat(b.alerts()).singleElement()
                    .satisfies(p -> assertThat(p.endsAt()).isEqualTo(Instant.ofEpochMilli(T0 + 10_000)));
            book.onDelivered(b, now);
            sends++;
            now = book.nextDueAt() == Long.MAX_VALUE ? now : book.nextDueAt();
        }
        assertThat(book.size()).isZero();
        assertThat(sends).isEqualTo(6); // at 0, 1, 2, 3, 4 and 5 minutes after the resolution
        assertThat(now).isEqualTo(T0 + 10_000 + 5 * MIN);
    }

    @Test
    void undeliveredResolutionIsNeverForgottenWhateverTheTime() {
        book.upsert(resolved("a", T0), T0);
        long later = T0 + 60 * MIN;
        book.onRetryableFailure(later);
        assertThat(book.size()).isEqualTo(1);
        assertThat(book.hasUndelivered()).isTrue();
        AlertBook.Batch b = book.takeDue(later + 1000);
        book.onDelivered(b, later + 1000);
        assertThat(book.size()).isZero();
    }

    @Test
    void failureBlocksSendingForTheBackoffAndItGrowsUntilSuccess() {
        book.upsert(firing("a", "s"), T0);
        AlertBook.Batch b = book.takeDue(T0);

        assertThat(book.onRetryableFailure(T0)).isEqualTo(Duration.ofMillis(500));
        assertThat(book.takeDue(T0 + 499).isEmpty()).isTrue();
        assertThat(book.hasUndelivered()).isTrue();
        assertThat(book.takeDue(T0 + 500).alerts()).hasSize(1);
        assertThat(book.onRetryableFailure(T0 + 500)).isEqualTo(Duration.ofMillis(1000));
        assertThat(book.nextDueAt()).isEqualTo(T0 + 1500);

        book.onDelivered(book.takeDue(T0 + 1500), T0 + 1500);
        assertThat(book.hasUndelivered()).isFalse();
        book.upsert(firing("b", "s"), T0 + 2000);
        assertThat(book.takeDue(T0 + 2000).alerts()).hasSize(1); // no backoff left over
        assertThat(b.items()).hasSize(1);
    }

    @Test
    void replacementWhileInFlightStaysDueAfterTheOldVersionIsAcknowledged() {
        book.upsert(firing("a", "v1"), T0);
        AlertBook.Batch inFlight = book.takeDue(T0);
        book.upsert(firing("a", "v2"), T0 + 10);

        book.onDelivered(inFlight, T0 + 20);

        assertThat(book.hasUndelivered()).isTrue();
        assertThat(book.takeDue(T0 + 20).alerts()).singleElement()
                .satisfies(p -> assertThat(p.annotations()).containsEntry("summary", "v2"));
    }

    @Test
    void batchesRespectTheMaximumPerRequest() {
        for (String fp : List.of("a", "b", "c", "d", "e")) {
            book.upsert(firing(fp, "s"), T0);
        }
        AlertBook.Batch b1 = book.takeDue(T0);
        assertThat(b1.items()).extracting(AlertBook.Batch.Item::fingerprint).containsExactly("a", "b");
        book.onDelivered(b1, T0);
        AlertBook.Batch b2 = book.takeDue(T0);
        assertThat(b2.items()).extracting(AlertBook.Batch.Item::fingerprint).containsExactly("c", "d");
        book.onDelivered(b2, T0);
        assertThat(book.takeDue(T0).items()).extracting(AlertBook.Batch.Item::fingerprint).containsExactly("e");
    }

    @Test
    void refusedBatchIsSplitAndOnlyTheRefusedAlertIsDropped() {
        book.upsert(firing("good", "s"), T0);
        book.upsert(firing("bad", "s"), T0);
        AlertBook.Batch both = book.takeDue(T0);

        assertThat(book.onRejected(both, T0)).isEmpty();
        assertThat(book.size()).isEqualTo(2);

        AlertBook.Batch single1 = book.takeDue(T0);
        assertThat(single1.items()).extracting(AlertBook.Batch.Item::fingerprint).containsExactly("good");
        book.onDelivered(single1, T0);
        AlertBook.Batch single2 = book.takeDue(T0);
        assertThat(single2.items()).extracting(AlertBook.Batch.Item::fingerprint).containsExactly("bad");

        List<TrackedAlert> dropped = book.onRejected(single2, T0);

        assertThat(dropped).extracting(TrackedAlert::fingerprint).containsExactly("bad");
        assertThat(book.size()).isEqualTo(1);
        assertThat(book.hasUndelivered()).isFalse();
    }

    @Test
    void snapshotRestoreKeepsPendingAndFiringAndMakesEverythingDue() {
        book.upsert(firing("delivered", "s"), T0);
        book.onDelivered(book.takeDue(T0), T0);
        book.upsert(firing("pending", "s"), T0 + 1);
        book.onRetryableFailure(T0 + 1);

        AlertmanagerWriterState state = book.snapshot();
        AlertBook restored = new AlertBook(Duration.ofMinutes(1), Duration.ofMinutes(4), Duration.ofMinutes(5),
                10, new RetryBackoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0.0));
        restored.restore(List.of(state), T0 + 2);

        assertThat(restored.size()).isEqualTo(2);
        assertThat(restored.undeliveredCount()).isEqualTo(1);
        assertThat(restored.takeDue(T0 + 2).items()).extracting(AlertBook.Batch.Item::fingerprint)
                .containsExactlyInAnyOrder("delivered", "pending");
    }

    @Test
    void restoreOfOverlappingStatesKeepsTheNewestCopy() {
        TrackedAlert old = new TrackedAlert(firing("a", "old"), T0, true, Long.MAX_VALUE);
        TrackedAlert newer = new TrackedAlert(resolved("a", T0 + 5), T0 + 5, false, T0 + 5 + 5 * MIN);

        book.restore(List.of(new AlertmanagerWriterState(List.of(newer)), new AlertmanagerWriterState(List.of(old))),
                T0 + 10);

        assertThat(book.snapshot().alerts()).containsExactly(newer);
    }
}
