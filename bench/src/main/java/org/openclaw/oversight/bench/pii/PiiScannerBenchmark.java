package org.openclaw.oversight.bench.pii;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.openclaw.oversight.ingestion.pii.CorpusScore;
import org.openclaw.oversight.ingestion.pii.LabelledCorpus;
import org.openclaw.oversight.ingestion.pii.PiiScanner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Scanner throughput on a mixed German/English corpus of 1 MiB (dense PII, sparse PII, none; see
 * {@link MixedCorpus#messages}), next to a baseline of
 * one java.util.regex pass per detector over the same text. One operation = one message (~2 KiB, the next one
 * of the corpus each time), so that both sides are JIT-compiled within the short warm-up;
 * MB/s = ops/s x mean message size; {@link #main} prints that conversion and the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PiiScannerBenchmark {
    static final int CORPUS_BYTES = 1 << 20;

    @Param({"with-pii", "sparse-pii", "without-pii"})
    public String corpus;

    private String[] messages;
    private int next;
    private PiiScanner scanner;

    @Setup(Level.Trial)
    public void setUp() {
        messages = MixedCorpus.messages(corpus, CORPUS_BYTES).toArray(new String[0]);
        scanner = PiiScanner.create("benchmark-key-0123456789".getBytes(StandardCharsets.UTF_8));
    }

    private String nextMessage() {
        String m = messages[next];
        next = next + 1 == messages.length ? 0 : next + 1;
        return m;
    }

    @Benchmark
    public Object scanner() {
        return scanner.scan(nextMessage());
    }

    @Benchmark
    public int regexPerDetector() {
        return RegexPerDetectorBaseline.countMatches(nextMessage());
    }

    /**
     * First the precision and recall per type on the labelled corpus (jobs/ingestion/src/test/resources/pii-corpus,
     * tuning and held-out parts), then the run (fork 1 per corpus, warm-up 10 x 1 s, measurement 5 x 1 s) that prints
     * MB/s of both and the ratio, then the same per CPU-second. Options: {@code --warmups N} (or a bare number, as
     * before), {@code --corpus-dir DIR}, {@code --quality-only}. Fewer warm-ups are too few on a busy machine: with
     * load 10 on 2 cores, C2 was seen to finish compiling the scan loop only after 8-14 s, so a 2 s warm-up measured
     * interpreter and C1 code (10-50x slower), not the scanner. On an idle machine 3 are plenty. {@code --against
     * JAR} instead compares this build's scanner with another build's, interleaved (see {@link ScannerVersions}).
     */
    public static void main(String[] args) throws RunnerException, IOException {
        int warmups = 10;
        Path corpusDir = null;
        boolean qualityOnly = false;
        boolean cpuOnly = false;
        Path against = null;
        int rounds = 40;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warmups" -> warmups = Integer.parseInt(args[++i]);
                case "--corpus-dir" -> corpusDir = Path.of(args[++i]);
                case "--quality-only" -> qualityOnly = true;
                case "--cpu-only" -> cpuOnly = true;
                case "--against" -> against = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> {
                    if (args[i].matches("\\d+")) {
                        warmups = Integer.parseInt(args[i]);
                    } else {
                        throw new IllegalArgumentException("Unknown option " + args[i]
                                + "; use --warmups N, --corpus-dir DIR, --quality-only, --cpu-only, --against JAR [--rounds N]");
                    }
                }
            }
        }
        printQuality(corpusDir);
        if (against != null) {
            try {
                ScannerVersions.compare(against, rounds, labelledTexts(corpusDir));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("--against " + against + ": its PiiScanner could not be loaded (" + e
                        + "); give an oversight-job-ingestion jar or classes directory", e);
            }
            return;
        }
        if (qualityOnly) {
            return;
        }
        if (cpuOnly) {
            printPerCpuSecond();
            return;
        }
        Options options = new OptionsBuilder()
                .include(PiiScannerBenchmark.class.getName() + "\\.")
                .forks(1)
                .warmupIterations(warmups).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xmx1g")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        System.out.println("PII scanner throughput (MB = 10^6 bytes of UTF-8 text, one core)");
        for (String corpus : MixedCorpus.NAMES) {
            List<String> messages = MixedCorpus.messages(corpus, CORPUS_BYTES);
            double mb = MixedCorpus.utf8Bytes(messages) / 1e6 / messages.size();
            double scan = score(results, "scanner", corpus) * mb;
            double regex = score(results, "regexPerDetector", corpus) * mb;
            System.out.printf(Locale.ROOT, "  %-12s scanner %8.1f MB/s   regex-per-detector %8.1f MB/s   ratio %5.1fx%n",
                    corpus, scan, regex, scan / regex);
        }
        printPerCpuSecond();
    }

    /** Precision and recall per type on each part of the labelled corpus (two tuning parts, four held-out parts). */
    static void printQuality(Path corpusDir) throws IOException {
        Path dir = corpusDir != null ? corpusDir : findCorpus();
        if (dir == null) {
            System.out.println("Labelled corpus not found (run from the repository, or give --corpus-dir "
                    + "jobs/ingestion/src/test/resources/pii-corpus); skipping precision/recall.");
            return;
        }
        PiiScanner scanner = PiiScanner.create("benchmark-key-0123456789".getBytes(StandardCharsets.UTF_8));
        Map<String, List<String>> parts = new LinkedHashMap<>();
        parts.put("tuning part", List.of("handwritten-tuning.txt", "generated-tuning.txt"));
        parts.put("first held-out part", List.of("handwritten-heldout.txt", "generated-heldout.txt"));
        parts.put("second held-out part", List.of("handwritten-heldout-2.txt"));
        parts.put("third held-out part", List.of("handwritten-heldout-3.txt"));
        parts.put("fourth-round tuning part", List.of("handwritten-tuning-4.txt"));
        parts.put("fourth held-out part", List.of("handwritten-heldout-4.txt"));
        for (Map.Entry<String, List<String>> part : parts.entrySet()) {
            List<LabelledCorpus.Sentence> sentences = new ArrayList<>();
            for (String file : part.getValue()) {
                sentences.addAll(LabelledCorpus.read(dir.resolve(file)));
            }
            System.out.println();
            System.out.println("Precision and recall per type, " + part.getKey() + " of " + dir);
            System.out.print(CorpusScore.of(scanner, sentences).table());
        }
        System.out.println();
    }

    /** The texts of every file of the labelled corpus, or none when it is not found. */
    private static List<String> labelledTexts(Path corpusDir) throws IOException {
        Path dir = corpusDir != null ? corpusDir : findCorpus();
        List<String> texts = new ArrayList<>();
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                    LabelledCorpus.read(f).forEach(sentence -> texts.add(sentence.text()));
                }
            }
        }
        return texts;
    }

    private static Path findCorpus() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path candidate = p.resolve("jobs/ingestion/src/test/resources/pii-corpus");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            p = p.getParent();
        }
        return null;
    }

    /**
     * The same comparison per CPU-second of this thread (see {@link CpuTimeThroughput}), in this JVM after a warm-up
     * of 8 CPU-seconds over all corpora: on a busy machine the wall-clock numbers above vary several-fold between
     * runs.
     */
    private static void printPerCpuSecond() {
        PiiScanner scanner = PiiScanner.create("benchmark-key-0123456789".getBytes(StandardCharsets.UTF_8));
        ToIntFunction<String> scan = m -> scanner.scan(m).findings().size();
        List<String> all = new ArrayList<>();
        for (String corpus : MixedCorpus.NAMES) {
            all.addAll(MixedCorpus.messages(corpus, CORPUS_BYTES / 4));
        }
        CpuTimeThroughput.warmUp(all, scan, 8_000_000_000L);
        CpuTimeThroughput.warmUp(all.subList(0, 50), RegexPerDetectorBaseline::countMatches, 2_000_000_000L);
        System.out.println();
        System.out.println("Per CPU-second of the scanning thread (best of 5 passes; regex best of 2; one core)");
        for (String corpus : MixedCorpus.NAMES) {
            List<String> messages = MixedCorpus.messages(corpus, CORPUS_BYTES);
            double scanned = CpuTimeThroughput.megabytesPerCpuSecond(messages, scan, 5);
            double regex = CpuTimeThroughput.megabytesPerCpuSecond(messages, RegexPerDetectorBaseline::countMatches, 2);
            System.out.printf(Locale.ROOT, "  %-12s scanner %8.1f MB/s   regex-per-detector %8.1f MB/s   ratio %5.1fx%n",
                    corpus, scanned, regex, scanned / regex);
        }
    }

    private static double score(Collection<RunResult> results, String method, String corpus) {
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().endsWith("." + method) && corpus.equals(r.getParams().getParam("corpus"))) {
                return r.getPrimaryResult().getScore();
            }
        }
        return Double.NaN;
    }
}
