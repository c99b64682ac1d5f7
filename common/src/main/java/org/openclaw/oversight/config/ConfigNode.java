package org.openclaw.oversight.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One value of a YAML file with its location and dotted key path. Every typed read either returns the
 * value or records an error naming file, line and key, and returns empty — so readers carry on and report
 * all problems of a file at once instead of stopping at the first.
 */
public final class ConfigNode {

    private final Node node;
    private final String key;
    private final String path;
    private final int keyLine;
    private final ConfigErrors errors;

    ConfigNode(Node node, String key, String path, int keyLine, ConfigErrors errors) {
        this.node = node;
        this.key = key;
        this.path = path;
        this.keyLine = keyLine;
        this.errors = errors;
    }

    /** Dotted key path, e.g. {@code agents[2].sample_rate}. */
    public String path() {
        return path;
    }

    /** The key this value belongs to (keys may contain dots, so this is not the path's last segment). */
    public String key() {
        return key;
    }

    /**
     * The line problems with this value are reported on: a scalar's own line; for a list or mapping the
     * line of the key that introduces it (a block's first entry is on the next line, which would mislead).
     */
    public int line() {
        return node instanceof ScalarNode && !isNull() ? node.getStartMark().getLine() + 1 : keyLine;
    }

    public ConfigErrors errors() {
        return errors;
    }

    public boolean isNull() {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    public boolean isMapping() {
        return node instanceof MappingNode;
    }

    public boolean isSequence() {
        return node instanceof SequenceNode;
    }

    /** Records an error on this value. */
    public void error(String message) {
        errors.add(line(), path, message);
    }

    /** A non-empty text value. Numbers and booleans are refused: a quoted "1" would be a surprise later. */
    public Optional<String> string() {
        if (!(node instanceof ScalarNode scalar) || !Tag.STR.equals(node.getTag())) {
            error("expected text but found " + describe());
            return Optional.empty();
        }
        if (scalar.getValue().isBlank()) {
            error("must not be empty");
            return Optional.empty();
        }
        return Optional.of(scalar.getValue().trim());
    }

    /** One of the names of an enum implementing {@link ConfigChoice}. */
    public <E extends Enum<E> & ConfigChoice> Optional<E> choice(Class<E> type) {
        Optional<String> text = string();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.configName().equals(text.get())) {
                return Optional.of(constant);
            }
        }
        List<String> names = Arrays.stream(type.getEnumConstants()).map(ConfigChoice::configName).toList();
        error("unknown value '" + text.get() + "'" + NameSuggestion.knownNames(text.get(), names));
        return Optional.empty();
    }

    /** A text value from a fixed list of names. */
    public Optional<String> oneOf(List<String> allowed) {
        Optional<String> text = string();
        if (text.isPresent() && !allowed.contains(text.get())) {
            error("unknown value '" + text.get() + "'" + NameSuggestion.knownNames(text.get(), allowed));
            return Optional.empty();
        }
        return text;
    }

    /** A finite number (integer or decimal) within {@code [min, max]}; use infinity for "no upper bound". */
    public Optional<Double> number(double min, double max) {
        Optional<Double> number = anyNumber();
        if (number.isPresent() && (number.get() < min || number.get() > max)) {
            error("out of range: " + plain(number.get()) + " (" + range(min, max) + ")");
            return Optional.empty();
        }
        return number;
    }

    /** A whole number within {@code [min, max]}. */
    public Optional<Long> wholeNumber(long min, long max) {
        if (!(node instanceof ScalarNode scalar) || !Tag.INT.equals(node.getTag())) {
            error("expected a whole number but found " + describe());
            return Optional.empty();
        }
        long value;
        try {
            value = Long.parseLong(scalar.getValue().replace("_", ""));
        } catch (NumberFormatException e) {
            error("expected a plain whole number like 10000 but found '" + scalar.getValue() + "'");
            return Optional.empty();
        }
        if (value < min || value > max) {
            error("out of range: " + value + " (" + range(min, max) + ")");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    public Optional<Boolean> bool() {
        if (!(node instanceof ScalarNode scalar) || !Tag.BOOL.equals(node.getTag())) {
            error("expected true or false but found " + describe());
            return Optional.empty();
        }
        String value = scalar.getValue().toLowerCase(java.util.Locale.ROOT);
        return Optional.of(value.equals("true") || value.equals("yes") || value.equals("on") || value.equals("y"));
    }

    /** A positive duration in the notation of {@link DurationSyntax} ({@code 5s}, {@code 90d}, {@code 5y}). */
    public Optional<Duration> duration() {
        if (!(node instanceof ScalarNode scalar)) {
            error("expected a duration but found " + describe() + " — " + DurationSyntax.HELP);
            return Optional.empty();
        }
        if (Tag.INT.equals(node.getTag()) || Tag.FLOAT.equals(node.getTag())) {
            error("invalid duration '" + scalar.getValue() + "': missing unit — " + DurationSyntax.HELP);
            return Optional.empty();
        }
        Optional<Duration> duration = Tag.STR.equals(node.getTag()) ? DurationSyntax.parse(scalar.getValue()) : Optional.empty();
        if (duration.isEmpty()) {
            error("invalid duration '" + scalar.getValue() + "' — " + DurationSyntax.HELP);
            return Optional.empty();
        }
        if (duration.get().isZero()) {
            error("duration must be longer than 0");
            return Optional.empty();
        }
        return duration;
    }

    public Optional<ConfigMapping> mapping() {
        if (!(node instanceof MappingNode mapping)) {
            error("expected a mapping (key: value lines) but found " + describe());
            return Optional.empty();
        }
        return Optional.of(new ConfigMapping(mapping, path, keyLine, errors));
    }

    public Optional<List<ConfigNode>> sequence() {
        if (!(node instanceof SequenceNode sequence)) {
            error("expected a list (lines starting with '- ') but found " + describe());
            return Optional.empty();
        }
        List<ConfigNode> items = new ArrayList<>();
        List<Node> values = sequence.getValue();
        for (int i = 0; i < values.size(); i++) {
            Node item = values.get(i);
            items.add(new ConfigNode(item, key + "[" + i + "]", path + "[" + i + "]", item.getStartMark().getLine() + 1, errors));
        }
        return Optional.of(items);
    }

    /** What was found, for type errors. Texts are cut short: a value never needs quoting at length. */
    private String describe() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        String value = ((ScalarNode) node).getValue();
        Tag tag = node.getTag();
        if (Tag.NULL.equals(tag)) {
            return "no value";
        }
        if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            return "the number " + value;
        }
        if (Tag.BOOL.equals(tag)) {
            return "the boolean " + value;
        }
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return "the text '" + shown + "'";
    }

    private Optional<Double> anyNumber() {
        if (!(node instanceof ScalarNode scalar) || !(Tag.INT.equals(node.getTag()) || Tag.FLOAT.equals(node.getTag()))) {
            error("expected a number but found " + describe());
            return Optional.empty();
        }
        try {
            double value = Double.parseDouble(scalar.getValue().replace("_", ""));
            if (Double.isFinite(value)) {
                return Optional.of(value);
            }
        } catch (NumberFormatException e) {
            // falls through to the error below: YAML spellings like .inf, .nan or 0x1F
        }
        error("expected a plain finite number like 0.5 but found '" + scalar.getValue() + "'");
        return Optional.empty();
    }

    private static String range(double min, double max) {
        return Double.isInfinite(max) ? "must be at least " + plain(min) : "allowed: " + plain(min) + " to " + plain(max);
    }

    static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
