package org.openclaw.oversight.bench.pii;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.openclaw.oversight.ingestion.pii.PiiScanner;

/**
 * This build's scanner against another build of it (an ingestion jar or classes directory, e.g. the jar of the
 * last round), both loaded in this JVM and run interleaved pass by pass, per CPU-second, with the regex baseline
 * in the same run. On a shared machine the absolute MB/s of two separate runs differ by ±30 %, so a speed-up is
 * only readable from two versions measured side by side. Also checks that both find exactly the same on every
 * corpus text: a speed change must not change a single finding.
 */
final class ScannerVersions {
    private static final String PII_PACKAGE = "org.openclaw.oversight.ingestion.pii.";
    private static final String PII_RESOURCES = "org/openclaw/oversight/ingestion/pii/";

    private ScannerVersions() {
    }

    /**
     * Loads the PII package (classes and word lists) from {@code other} first, everything else (secrets, logging)
     * from this JVM's class path, so the two scanners share nothing but the JDK and their dependencies.
     */
    private static final class OtherBuild extends URLClassLoader {
        OtherBuild(Path other) throws IOException {
            super(new URL[] {other.toUri().toURL()}, ScannerVersions.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PII_PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        @Override
        public URL getResource(String name) {
            URL own = name.startsWith(PII_RESOURCES) ? findResource(name) : null;
            return own != null ? own : super.getResource(name);
        }
    }

    /** The number of findings of a scan by the other build; its ScanResult's text for the equality check. */
    private record Other(MethodHandle scan, MethodHandle findings) {
        Object result(String text) {
            try {
                return scan.invoke(text);
            } catch (Throwable e) {
                throw new IllegalStateException("the other build's scanner failed: " + e, e);
            }
        }

        int count(String text) {
            try {
                return ((List<?>) findings.invoke(result(text))).size();
            } catch (Throwable e) {
                throw new IllegalStateException("the other build's scanner failed: " + e, e);
            }
        }
    }

    private static Other load(Path other, byte[] key) throws ReflectiveOperationException, IOException {
        if (!Files.exists(other)) {
            throw new IllegalArgumentException("--against " + other + ": no such jar or directory; give the "
                    + "oversight-job-ingestion jar (or target/classes) of the build to compare with");
        }
        ClassLoader loader = new OtherBuild(other);
        Class<?> scannerClass = Class.forName(PII_PACKAGE + "PiiScanner", true, loader);
        Class<?> resultClass = Class.forName(PII_PACKAGE + "ScanResult", true, loader);
        Object scanner = scannerClass.getMethod("create", byte[].class).invoke(null, (Object) key);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle scan = lookup.findVirtual(scannerClass, "scan", MethodType.methodType(resultClass, String.class))
                .bindTo(scanner);
        MethodHandle findings = lookup.findVirtual(resultClass, "findings", MethodType.methodType(List.class));
        return new Other(scan, findings);
    }

    /**
     * Prints, per corpus, MB per CPU-second of the other build and of this one (best and median of
     * {@code rounds} interleaved passes, alternating which goes first), their ratio, and the regex baseline.
     * {@code texts}: extra texts for the equality check (the labelled corpus, when found).
     */
    static void compare(Path other, int rounds, List<String> texts) throws ReflectiveOperationException, IOException {
        byte[] key = "benchmark-key-0123456789".getBytes(StandardCharsets.UTF_8);
        Other old = load(other, key);
        PiiScanner scanner = PiiScanner.create(key);
        Map<String, List<String>> corpora = new LinkedHashMap<>();
        for (String corpus : MixedCorpus.NAMES) {
            corpora.put(corpus, MixedCorpus.messages(corpus, PiiScannerBenchmark.CORPUS_BYTES));
        }
        List<String> all = new ArrayList<>(texts);
        corpora.values().forEach(all::addAll);
        int differences = 0;
        for (String text : all) {
            if (!old.result(text).toString().equals(scanner.scan(text).toString())) {
                differences++;
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Against %s: %d of %d texts (benchmark corpora and labelled corpus) scanned "
                + "differently%n", other, differences, all.size());
        ToIntFunction<String> before = old::count;
        ToIntFunction<String> after = m -> scanner.scan(m).findings().size();
        List<String> warmUp = new ArrayList<>();
        corpora.values().forEach(m -> warmUp.addAll(m.subList(0, m.size() / 4)));
        CpuTimeThroughput.warmUp(warmUp, before, 6_000_000_000L);
        CpuTimeThroughput.warmUp(warmUp, after, 6_000_000_000L);
        System.out.println("Per CPU-second, interleaved, " + rounds + " rounds (best / median); regex best of 2");
        for (Map.Entry<String, List<String>> e : corpora.entrySet()) {
            List<String> messages = e.getValue();
            long[] b = new long[rounds];
            long[] a = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                if (r % 2 == 0) {
                    b[r] = CpuTimeThroughput.passCpuNanos(messages, before);
                    a[r] = CpuTimeThroughput.passCpuNanos(messages, after);
                } else {
                    a[r] = CpuTimeThroughput.passCpuNanos(messages, after);
                    b[r] = CpuTimeThroughput.passCpuNanos(messages, before);
                }
            }
            Arrays.sort(b);
            Arrays.sort(a);
            double mb = MixedCorpus.utf8Bytes(messages) / 1e6;
            double regex = CpuTimeThroughput.megabytesPerCpuSecond(messages, RegexPerDetectorBaseline::countMatches, 2);
            System.out.printf(Locale.ROOT, "  %-12s other %6.1f / %6.1f MB/s   this %6.1f / %6.1f MB/s   ratio %4.2fx / "
                    + "%4.2fx   regex-per-detector %5.1f MB/s%n", e.getKey(), mb / (b[0] / 1e9),
                    mb / (b[rounds / 2] / 1e9), mb / (a[0] / 1e9), mb / (a[rounds / 2] / 1e9),
                    (double) b[0] / a[0], (double) b[rounds / 2] / a[rounds / 2], regex);
        }
    }
}
