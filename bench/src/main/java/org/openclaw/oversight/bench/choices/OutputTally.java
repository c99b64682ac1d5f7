package org.openclaw.oversight.bench.choices;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that only counts what a window implementation emits: records, a sum (e.g. cost), and,
 * when given a key, the last record per key (the row the upsert would leave in the table). Each
 * subtask hands its tally to {@link #BOARD} when the bounded job ends; the benchmark runs on a local
 * MiniCluster in this JVM, so the board is where the comparison reads it.
 */
final class OutputTally<T> implements Sink<T> {

    /** Run label + output name → the merged tally of its subtasks. */
    static final Map<String, Tally<?>> BOARD = new ConcurrentHashMap<>();

    interface KeyOf<T> extends Function<T, String>, Serializable {}

    interface AmountOf<T> extends ToLongFunction<T>, Serializable {}

    static final class Tally<T> {
        long records;
        long sum;
        final Map<String, T> last = new HashMap<>();

        synchronized void absorb(Tally<T> subtask) {
            records += subtask.records;
            sum += subtask.sum;
            last.putAll(subtask.last); // keys are disjoint: one subtask owns each key
        }
    }

    private static final long serialVersionUID = 1L;
    private final String board;
    private final KeyOf<T> key;
    private final AmountOf<T> amount;

    OutputTally(String board, KeyOf<T> key, AmountOf<T> amount) {
        this.board = board;
        this.key = key;
        this.amount = amount;
    }

    @SuppressWarnings("unchecked")
    static <T> Tally<T> read(String board) {
        Tally<T> tally = (Tally<T>) BOARD.get(board);
        return tally != null ? tally : new Tally<>();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            private final Tally<T> mine = new Tally<>();

            @Override
            public void write(T element, Context context) {
                mine.records++;
                if (amount != null) {
                    mine.sum += amount.applyAsLong(element);
                }
                if (key != null) {
                    mine.last.put(key.apply(element), element);
                }
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            @SuppressWarnings("unchecked")
            public void close() {
                ((Tally<T>) BOARD.computeIfAbsent(board, b -> new Tally<T>())).absorb(mine);
            }
        };
    }
}
