package deployer.core.config;

import java.util.Objects;

/**
 * One declared config key: its name, type (with range), whether it is required, its default and a one-line
 * description. The declaration drives validation, messages, {@code build-tasklist --explain-config} and CONFIG.md.
 *
 * @param defaultValue the value used when the key is absent (a Long, Boolean or String), or null when there is
 *                     none; see {@code defaultText}
 * @param defaultText  how the default reads in the reference when it is not a plain value ("the local user"), or
 *                     null to show {@code defaultValue}
 */
public record ConfigKey(String name, ValueType type, boolean required, Object defaultValue, String defaultText,
                        String description) {

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        if (required && (defaultValue != null || defaultText != null)) {
            throw new IllegalArgumentException(name + ": a required key has no default");
        }
    }

    public static ConfigKey required(String name, ValueType type, String description) {
        return new ConfigKey(name, type, true, null, null, description);
    }

    /** An optional key without a default (absent means "not set"). */
    public static ConfigKey optional(String name, ValueType type, String description) {
        return new ConfigKey(name, type, false, null, null, description);
    }

    /** An optional key whose default is a plain value (a Long, Boolean or String). */
    public static ConfigKey optional(String name, ValueType type, Object defaultValue, String description) {
        return new ConfigKey(name, type, false, defaultValue instanceof Integer i ? (Object) i.longValue() : defaultValue, null, description);
    }

    /** An optional key whose default is worked out at run time; {@code defaultText} says how. */
    public static ConfigKey computed(String name, ValueType type, String defaultText, String description) {
        return new ConfigKey(name, type, false, null, defaultText, description);
    }

    public long longDefault() {
        return (Long) defaultValue;
    }

    public boolean booleanDefault() {
        return (Boolean) defaultValue;
    }

    public String stringDefault() {
        return (String) defaultValue;
    }

    /** The Default column of the reference: empty when there is none. */
    public String defaultShown() {
        if (defaultText != null) {
            return defaultText;
        }
        return defaultValue == null ? "" : String.valueOf(defaultValue);
    }
}
