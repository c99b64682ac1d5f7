package org.openclaw.oversight.cost;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.Value;

/**
 * Latency percentiles of one window: a DDSketch with {@link #RELATIVE_ACCURACY} relative accuracy.
 *
 * <p>Why DDSketch: it is mergeable (window panes, and a future per-day roll-up, merge exactly), and
 * its guarantee is relative to the value — every quantile q it returns is within ±1% of the true
 * q-quantile's value, for any distribution, including the long tails LLM latencies have (a p99 of
 * 12 s is reported as 11.88..12.12 s). t-digest only bounds rank error and HdrHistogram needs the
 * value range fixed up front.
 *
 * <p>A Flink {@link Value}, so window state is serialized by our own {@link #write}/{@link #read}
 * (DDSketch's compact binary encoding) and never by Kryo.
 */
public class LatencySketch implements Value {

    private static final long serialVersionUID = 1L;

    /** The documented bound: |reported - exact| <= 1% of exact, for every quantile. */
    public static final double RELATIVE_ACCURACY = 0.01;

    private DDSketch sketch = newSketch();

    public LatencySketch() {}

    private static DDSketch newSketch() {
        // dense store without a bin limit: 1 ms .. 1 day needs ~560 bins at 1%, a few KiB at most
        return DDSketches.unboundedDense(RELATIVE_ACCURACY);
    }

    public void add(double value) {
        sketch.accept(value);
    }

    public void mergeWith(LatencySketch other) {
        sketch.mergeWith(other.sketch);
    }

    public boolean isEmpty() {
        return sketch.isEmpty();
    }

    public long count() {
        return Math.round(sketch.getCount());
    }

    /** The value at quantile q (0..1); callers check {@link #isEmpty()} first. */
    public double quantile(double q) {
        return sketch.getValueAtQuantile(q);
    }

    @Override
    public void write(DataOutputView out) throws IOException {
        // DDSketch's own binary encoding (index mapping included), the one its decode() reads
        GrowingByteArrayOutput encoded = GrowingByteArrayOutput.withDefaultInitialCapacity();
        sketch.encode(encoded, false);
        out.writeInt(encoded.numWrittenBytes());
        out.write(encoded.backingArray(), 0, encoded.numWrittenBytes());
    }

    @Override
    public void read(DataInputView in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        try {
            sketch = DDSketch.decode(ByteArrayInput.wrap(bytes), UnboundedSizeDenseStore::new);
        } catch (IOException e) {
            throw new UncheckedIOException("latency sketch in window state is corrupt (" + bytes.length
                    + " bytes); restore from an older checkpoint or drop this job's state", e);
        }
    }
}
