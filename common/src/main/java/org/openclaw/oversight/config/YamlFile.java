package org.openclaw.oversight.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a config file into a {@link ConfigMapping} using SnakeYAML's node API: composing keeps every
 * value's line, and never instantiates Java types named by tags (no {@code !!java} surprises).
 */
public final class YamlFile {

    private YamlFile() {
    }

    /** Reads {@code file}; problems (missing file, invalid YAML, wrong top level) go to {@code errors}. */
    public static Optional<ConfigMapping> read(Path file, ConfigErrors errors) {
        if (!Files.isRegularFile(file)) {
            errors.add(0, "", "config file not found: " + file.toAbsolutePath().normalize()
                    + " — run from the repo root or pass --config-dir");
            return Optional.empty();
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return compose(reader, errors);
        } catch (CharacterCodingException e) {
            errors.add(0, "", "not valid UTF-8 text — save the file as UTF-8");
        } catch (IOException e) {
            errors.add(0, "", "cannot read config file " + file.toAbsolutePath().normalize() + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Parses YAML text that did not come from a file (e.g. a policy document pushed over Kafka). */
    public static Optional<ConfigMapping> parse(String text, ConfigErrors errors) {
        return compose(new StringReader(text), errors);
    }

    private static Optional<ConfigMapping> compose(Reader reader, ConfigErrors errors) {
        LoaderOptions options = new LoaderOptions();
        // Config files need no alias bombs; a handful of anchors is plenty.
        options.setMaxAliasesForCollections(20);
        Node root;
        try {
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            // Only the problem text: SnakeYAML's full message quotes the offending line, which may hold anything.
            String problem = e.getProblem() != null ? e.getProblem() : "unreadable YAML";
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            errors.add(mark == null ? 0 : mark.getLine() + 1, "", "invalid YAML: " + problem + context);
            return Optional.empty();
        } catch (YAMLException e) {
            errors.add(0, "", e.getCause() instanceof CharacterCodingException
                    ? "not valid UTF-8 text — save the file as UTF-8"
                    : "invalid YAML: " + e.getMessage());
            return Optional.empty();
        }
        if (root == null) {
            errors.add(0, "", "file is empty — expected a mapping of keys at the top level");
            return Optional.empty();
        }
        if (!(root instanceof MappingNode mapping)) {
            errors.add(root.getStartMark().getLine() + 1, "", "expected a mapping of keys at the top level");
            return Optional.empty();
        }
        return Optional.of(new ConfigMapping(mapping, "", root.getStartMark().getLine() + 1, errors));
    }
}
