package org.openclaw.oversight.ingestion.pii;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A labelled corpus for measuring the scanner: one sentence per line, personal data marked as
 * {@code [[TYPE:value]]} (TYPE a {@link PiiType} name), {@code \n} for a line break inside a sentence, {@code #}
 * for comment lines. A line without a marker is a negative. The markers are removed from the text that is scanned;
 * {@link Sentence#labels()} keeps where each marked value is in it.
 */
public final class LabelledCorpus {

    /** A marked value: its type and its place in {@link Sentence#text()}. */
    public record Label(PiiType type, int start, int end) {
    }

    /** One sentence: the text the scanner sees and what it must find there. */
    public record Sentence(String source, int line, String text, List<Label> labels) {
        public Sentence {
            labels = List.copyOf(labels);
        }
    }

    private LabelledCorpus() {
    }

    public static List<Sentence> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Sentence> out = new ArrayList<>(lines.size());
        String source = file.getFileName().toString();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            out.add(parse(source, i + 1, line));
        }
        return out;
    }

    /** Parses one corpus line; a malformed marker is an error naming the line, so a typo cannot skew a score. */
    public static Sentence parse(String source, int lineNumber, String line) {
        StringBuilder text = new StringBuilder(line.length());
        List<Label> labels = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            if (line.startsWith("[[", i)) {
                int colon = line.indexOf(':', i + 2);
                int close = line.indexOf("]]", i + 2);
                if (colon < 0 || close < 0 || colon > close) {
                    throw new IllegalArgumentException(source + ":" + lineNumber + ": unclosed or untyped [[ marker");
                }
                PiiType type;
                try {
                    type = PiiType.valueOf(line.substring(i + 2, colon));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ":" + lineNumber + ": unknown PII type '"
                            + line.substring(i + 2, colon) + "'");
                }
                int start = text.length();
                appendUnescaped(text, line.substring(colon + 1, close));
                labels.add(new Label(type, start, text.length()));
                i = close + 2;
            } else if (line.startsWith("\\n", i)) {
                text.append('\n');
                i += 2;
            } else {
                text.append(line.charAt(i++));
            }
        }
        return new Sentence(source, lineNumber, text.toString(), labels);
    }

    private static void appendUnescaped(StringBuilder text, String value) {
        text.append(value.replace("\\n", "\n"));
    }
}
