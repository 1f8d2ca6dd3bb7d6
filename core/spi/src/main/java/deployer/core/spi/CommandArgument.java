package deployer.core.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One declared argument of a {@link Command}: its name, type, whether it is required, whether its value is
 * sensitive, its default and a one-line description, as a generator declares a config key
 * ({@link deployer.core.config.ConfigKey}). A command declares its arguments once ({@link Command#arguments()}):
 * the engine checks a task's arguments against them before {@code initialize} (an undeclared argument, a missing
 * required one, a value of the wrong type), and COMMANDS.md and the tasklist JSON Schema's per-command part are
 * generated from them. Build them with the static factories.
 *
 * @param defaultText how the default reads in the reference ({@code "5"}, {@code "the task's host name"}), or null
 *                    when there is none
 */
public record CommandArgument(String name, Type type, boolean required, boolean sensitive, String defaultText,
                              String description) {

    /** The kinds of value a task gives an argument, as the tasklist's JSON has them. */
    public enum Type {
        STRING("a string"),
        WHOLE("a whole number"),
        NUMBER("a number"),
        BOOLEAN("true or false"),
        /** A number of seconds, possibly fractional, at least zero. */
        SECONDS("a number of seconds (0 or more)"),
        /** A list of strings; one string counts as a list of one. */
        STRINGS("a list of strings"),
        OBJECT("an object");

        private final String describe;

        Type(String describe) {
            this.describe = describe;
        }

        /** How the type reads after "expected …" in a problem, and in the reference. */
        public String describe() {
            return describe;
        }

        /** Whether {@code value} (as the tasklist reader makes it, a Secret for a secret) is of this type. */
        public boolean accepts(Object value) {
            return switch (this) {
                case STRING -> value instanceof String || value instanceof deployer.core.model.Secret;
                case WHOLE -> value instanceof Long || value instanceof Integer;
                case NUMBER -> value instanceof Number;
                case BOOLEAN -> value instanceof Boolean;
                case SECONDS -> value instanceof Number n && n.doubleValue() >= 0;
                case STRINGS -> value instanceof String || value instanceof List<?> l && l.stream().allMatch(String.class::isInstance);
                case OBJECT -> value instanceof Map;
            };
        }
    }

    public CommandArgument {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        if (required && defaultText != null) {
            throw new IllegalArgumentException(name + ": a required argument has no default");
        }
    }

    public static CommandArgument required(String name, Type type, String description) {
        return new CommandArgument(name, type, true, false, null, description);
    }

    /** An optional argument without a default (absent means "not given"). */
    public static CommandArgument optional(String name, Type type, String description) {
        return new CommandArgument(name, type, false, false, null, description);
    }

    /** An optional argument with a default; {@code defaultValue} is shown as written ({@code 5}, {@code "0600"}). */
    public static CommandArgument optional(String name, Type type, Object defaultValue, String description) {
        return new CommandArgument(name, type, false, false, String.valueOf(defaultValue), description);
    }

    /** The same argument, its value sensitive: masked wherever it would be shown, never quoted in a problem. */
    public CommandArgument asSensitive() {
        return new CommandArgument(name, type, required, true, defaultText, description);
    }

    /** The same argument, required or optional without a default as {@code required} says (shared declarations). */
    public CommandArgument requiredIf(boolean required) {
        return required == this.required ? this : new CommandArgument(name, type, required, sensitive, required ? null : defaultText, description);
    }
}
