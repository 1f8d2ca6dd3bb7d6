package deployer.core.config;

import java.util.List;

/**
 * The type of a config value, as declared in a {@link MapSchema}. Each type can describe itself (for messages and
 * the generated reference); {@link ConfigValidator} checks values against it. Build them with the static factories.
 */
public sealed interface ValueType {

    /** How the type reads in a message after "expected …" and in the reference's Type column. */
    String describe();

    static ValueType text() {
        return new Text();
    }

    /** A whole number from {@code min} to {@code max}, both included. */
    static ValueType whole(long min, long max) {
        return new Whole(min, max);
    }

    /** A whole number of at least {@code min} that fits a Java int (the engine counts with ints). */
    static ValueType atLeast(long min) {
        return new Whole(min, Integer.MAX_VALUE);
    }

    /** Any number, whole or not (a bound such as {@code max: 0.05}). */
    static ValueType number() {
        return new Decimal();
    }

    static ValueType flag() {
        return new Flag();
    }

    /** One of the given words. YAML reads a bare {@code yes}/{@code no} as a boolean: those count as the words. */
    static ValueType oneOf(String... values) {
        return new Choice(List.of(values));
    }

    /** A list of strings; one string is a list of one. */
    static ValueType strings() {
        return new Strings();
    }

    /**
     * A list of host addresses ({@code host}, {@code host:port}, {@code [v6]:port}, {@code user@host}, {@code local},
     * {@code local:NAME}); each element is checked, every bad one reported. Reads as a list of strings.
     */
    static ValueType hosts() {
        return new Hosts();
    }

    /** A login name, checked as OpenSSH would take it (no spaces, no leading '-'). Reads as a string. */
    static ValueType loginName() {
        return new LoginName();
    }

    static ValueType listOf(ValueType element) {
        return new ListOf(element);
    }

    /** A mapping with the declared keys; {@code name} heads its table in the reference. */
    static ValueType mapping(MapSchema schema) {
        return new Mapping(schema);
    }

    /** A mapping of names to entries (like {@code service.<name>}); {@code noun} names one entry in messages. */
    static ValueType entries(String noun, ValueType entry) {
        return new Entries(noun, entry);
    }

    /** Any of the alternatives, told apart by the kind of value (mapping, list or single value). */
    static ValueType anyOf(ValueType... alternatives) {
        return new AnyOf(List.of(alternatives));
    }

    record Text() implements ValueType {
        public String describe() {
            return "a string";
        }
    }

    record Whole(long min, long max) implements ValueType {
        public String describe() {
            if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
                return "a whole number";
            }
            return max == Integer.MAX_VALUE || max == Long.MAX_VALUE
                    ? "a whole number, at least " + min
                    : "a whole number from " + min + " to " + max;
        }
    }

    record Decimal() implements ValueType {
        public String describe() {
            return "a number";
        }
    }

    record Flag() implements ValueType {
        public String describe() {
            return "true or false";
        }
    }

    record Choice(List<String> values) implements ValueType {
        public String describe() {
            return "one of " + String.join(", ", values);
        }
    }

    record Strings() implements ValueType {
        public String describe() {
            return "a list of strings";
        }
    }

    record Hosts() implements ValueType {
        public String describe() {
            return "a list of strings";
        }
    }

    record LoginName() implements ValueType {
        public String describe() {
            return "a string";
        }
    }

    record ListOf(ValueType element) implements ValueType {
        public String describe() {
            return "a list of (" + element.describe() + ")";
        }
    }

    record Mapping(MapSchema schema) implements ValueType {
        public String describe() {
            return "a mapping";
        }
    }

    record Entries(String noun, ValueType entry) implements ValueType {
        public String describe() {
            return "a mapping of " + noun + " names to " + (entry instanceof Mapping ? "mappings" : entry.describe());
        }
    }

    record AnyOf(List<ValueType> alternatives) implements ValueType {
        public AnyOf {
            alternatives = List.copyOf(alternatives);
        }

        public String describe() {
            return String.join(" or ", alternatives.stream().map(ValueType::describe).toList());
        }
    }
}
