package org.openclaw.oversight.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The documented bound: every reported quantile within 1% (relative) of the exact one, on several distributions. */
class LatencySketchAccuracyTest {

    private static final double[] QUANTILES = {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999};

    @Test
    void logNormalLatencies() {
        Random random = new Random(42);
        assertWithinBound(() -> Math.round(Math.exp(6 + 1.2 * random.nextGaussian())), 100_000);
    }

    @Test
    void uniformLatencies() {
        Random random = new Random(7);
        assertWithinBound(() -> 1 + random.nextInt(30_000), 50_000);
    }

    @Test
    void heavyTailWithOutliers() {
        Random random = new Random(99);
        assertWithinBound(() -> random.nextDouble() < 0.02 ? 60_000 + random.nextInt(240_000) : 50 + random.nextInt(400), 20_000);
    }

    @Test
    void smallWindows() {
        Random random = new Random(3);
        for (int n = 1; n <= 40; n++) {
            assertWithinBound(() -> 1 + random.nextInt(5_000), n);
        }
    }

    @Test
    void serializedSketchAnswersTheSameAndMergesExactly() throws Exception {
        Random random = new Random(5);
        LatencySketch a = new LatencySketch();
        LatencySketch b = new LatencySketch();
        LatencySketch all = new LatencySketch();
        for (int i = 0; i < 10_000; i++) {
            double v = 1 + random.nextInt(20_000);
            (i % 2 == 0 ? a : b).add(v);
            all.add(v);
        }
        DataOutputSerializer out = new DataOutputSerializer(64);
        a.write(out);
        LatencySketch restored = new LatencySketch();
        restored.read(new DataInputDeserializer(out.getCopyOfBuffer()));
        restored.mergeWith(b);
        assertThat(restored.count()).isEqualTo(10_000);
        for (double q : QUANTILES) {
            assertThat(restored.quantile(q)).as("q=%s", q).isEqualTo(all.quantile(q));
        }
    }

    private static void assertWithinBound(DoubleSupplier values, int n) {
        double[] exact = new double[n];
        LatencySketch sketch = new LatencySketch();
        for (int i = 0; i < n; i++) {
            exact[i] = values.getAsDouble();
            sketch.add(exact[i]);
        }
        Arrays.sort(exact);
        for (double q : QUANTILES) {
            // DDSketch's guarantee is for the element of rank floor(q * (n - 1))
            double truth = exact[(int) Math.floor(q * (n - 1))];
            double reported = sketch.quantile(q);
            assertThat(Math.abs(reported - truth) / truth).as("q=%s n=%d exact=%s reported=%s", q, n, truth, reported)
                    .isLessThanOrEqualTo(LatencySketch.RELATIVE_ACCURACY + 1e-12);
        }
    }
}
