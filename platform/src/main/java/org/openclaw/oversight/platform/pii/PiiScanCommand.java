package org.openclaw.oversight.platform.pii;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openclaw.oversight.ingestion.pii.PiiFinding;
import org.openclaw.oversight.ingestion.pii.PiiScanner;
import org.openclaw.oversight.ingestion.pii.PromptInjectionDetector;
import org.openclaw.oversight.ingestion.pii.ScanResult;
import org.openclaw.oversight.platform.CommandKey;
import org.openclaw.oversight.platform.UserFacingException;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code oversight pii scan [FILE|-] [--format text|jsonl]}: one JSON object per input line with the redacted
 * text and the findings (type, start, end, detector). The raw values are never printed, and neither are the
 * pseudonyms (whoever reads them could confirm a guessed value with the key). The key is the jobs' (environment),
 * else the local stack's; standard error says which, with a key id, never the key.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Scan lines of text (or JSON lines with a \"text\" field) with the ingestion job's PII "
                + "scanner and print, per line, a JSON object with the redacted text and the findings.",
                "The PII key comes from OVERSIGHT_PII_KEY_FILE or OVERSIGHT_PII_KEY like the job's, else from the local "
                        + "stack's <data dir>/keys/pii.key; standard error names the source and a key id (findings do "
                        + "not depend on the key)."})
public final class PiiScanCommand implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_BAD_LINES = 1;

    enum Format { text, jsonl }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = "-", paramLabel = "FILE|-",
            description = "Input file, or - for standard input (default).")
    String input;

    @Option(names = "--home", description = "Repository root (default: where ./oversight lives); the local stack's "
            + "data dir is <home>/.oversight.")
    Path home = Paths.get(System.getProperty("oversight.home", ".")).toAbsolutePath().normalize();

    @Option(names = "--data-dir", description = "The local stack's data dir with keys/pii.key (default: <home>/.oversight).")
    Path dataDir;

    @Option(names = "--format", defaultValue = "text",
            description = "Input format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    /** Standard input; tests replace it. */
    InputStream stdin = System.in;

    /** The process environment; tests replace it. */
    Map<String, String> environment = System.getenv();

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws IOException {
        PiiScanner scanner = openScanner();
        PrintWriter out = spec.commandLine().getOut();
        int badLines = 0;
        try (BufferedReader reader = open()) {
            String line;
            long lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                ObjectNode result = json.createObjectNode().put("line", lineNumber);
                String text = format == Format.jsonl ? textField(line, result) : line;
                if (text == null) {
                    badLines++;
                } else {
                    describe(scanner.scan(text), text, result);
                }
                out.println(json.writeValueAsString(result));
            }
        }
        out.flush();
        return badLines == 0 ? EXIT_OK : EXIT_BAD_LINES;
    }

    /** The scanner with the key the jobs use here; one line on standard error says where it came from. */
    private PiiScanner openScanner() {
        CommandKey key = CommandKey.resolve(SecretKind.PII_KEY, environment,
                dataDir != null ? dataDir.toAbsolutePath().normalize() : home.resolve(".oversight"));
        byte[] bytes = key.source().read();
        String keyId = SecretSource.keyId(bytes);
        Arrays.fill(bytes, (byte) 0);
        PrintWriter err = spec.commandLine().getErr();
        err.println("pii scan: " + SecretKind.PII_KEY.description() + " " + key.origin() + " (key id " + keyId + ")");
        err.flush();
        return PiiScanner.open(key.source());
    }

    private BufferedReader open() throws IOException {
        if (input == null || input.equals("-")) {
            return new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        }
        try {
            return Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserFacingException("Input file " + input + " does not exist",
                    "Give an existing file, or - to read standard input.");
        }
    }

    /** The "text" field of a JSON line; null (with an "error" in the result) when there is none. */
    private String textField(String line, ObjectNode result) {
        if (line.isBlank()) {
            result.put("error", "empty line, expected a JSON object with a \"text\" field");
            return null;
        }
        try {
            JsonNode node = json.readTree(line);
            JsonNode text = node == null ? null : node.get("text");
            if (text == null || !text.isTextual()) {
                result.put("error", "no string field \"text\" in this JSON line");
                return null;
            }
            return text.asText();
        } catch (JsonProcessingException e) {
            // the parser message quotes the input, which may hold the very PII we must not print
            result.put("error", "not valid JSON (at column " + e.getLocation().getColumnNr() + ")");
            return null;
        }
    }

    private static void describe(ScanResult scan, String text, ObjectNode result) {
        result.put("redacted", scan.redacted());
        ArrayNode findings = result.putArray("findings");
        for (PiiFinding f : scan.findings()) {
            findings.addObject()
                    .put("type", f.type().name())
                    .put("start", f.start())
                    .put("end", f.end())
                    .put("detector", f.detector());
        }
        result.put("injectionSuspected", PromptInjectionDetector.suspected(text));
    }
}
