package deployer.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One task of a tasklist: a command name, where it runs and its arguments. Argument values are plain
 * immutable JSON values (String, Long, Double, Boolean, List, Map, null) or {@link Secret}.
 *
 * @param location    where the task was read from, {@link SourceLocation#UNKNOWN} for generated tasks
 * @param sensitivity which argument values must never be shown ({@code sensitive}, {@code no_log})
 * @param sudo        run the task's command lines through sudo (tasklist keys {@code sudo}, {@code sudo_user}); null: not
 */
public record Task(String command, String remoteHost, String remoteUser, String tag,
                   Map<String, Object> arguments, SourceLocation location, Sensitivity sensitivity, Sudo sudo) {

    /** Keys the engine owns; never command arguments. */
    public static final Set<String> RESERVED_KEYS = TasklistFormat.names(TasklistFormat.TASK);

    /** Run as another user through sudo; {@code user} null means sudo's default, root. */
    public record Sudo(String user) {
    }

    /**
     * Keys the engine reads from a task beside its arguments, kept in the arguments map (so a saved plan writes them
     * back as they were) but never handed to the command: the task's failure policy.
     */
    public static final Set<String> ENGINE_KEYS = TasklistFormat.names(TasklistFormat.TASK_POLICY);

    public Task {
        Objects.requireNonNull(command, "command");
        arguments = Collections.unmodifiableMap(new TreeMap<>(arguments));
        location = location == null ? SourceLocation.UNKNOWN : location;
        sensitivity = sensitivity == null ? Sensitivity.NONE : sensitivity;
    }

    public Task(String command, String remoteHost, String remoteUser, String tag,
                Map<String, Object> arguments, SourceLocation location) {
        this(command, remoteHost, remoteUser, tag, arguments, location, Sensitivity.NONE, null);
    }

    /** The same task with other argument values (its sensitivity, sudo, location and host kept). */
    public Task withArguments(Map<String, Object> newArguments) {
        return new Task(command, remoteHost, remoteUser, tag, newArguments, location, sensitivity, sudo);
    }

    /** The same task under another command name (a renamed command's current name), all else kept. */
    public Task withCommand(String newCommand) {
        return new Task(newCommand, remoteHost, remoteUser, tag, arguments, location, sensitivity, sudo);
    }

    public static Builder builder(String command) {
        return new Builder(command);
    }

    public HostAddress host() {
        return HostAddress.parse(remoteHost);
    }

    /** Fluent construction for generators, so generated tasks read like the JSON they become. */
    public static final class Builder {
        private final String command;
        private String remoteHost;
        private String remoteUser;
        private String tag;
        private Sudo sudo;
        private final Map<String, Object> arguments = new LinkedHashMap<>();
        private final Set<String> sensitive = new java.util.TreeSet<>();
        private boolean noLog;

        private Builder(String command) {
            this.command = command;
        }

        public Builder host(String remoteHost) {
            this.remoteHost = remoteHost;
            return this;
        }

        public Builder user(String remoteUser) {
            this.remoteUser = remoteUser;
            return this;
        }

        public Builder tag(String tag) {
            this.tag = tag;
            return this;
        }

        /** Runs the task through sudo as {@code user} (null: root). */
        public Builder sudo(String user) {
            this.sudo = new Sudo(user);
            return this;
        }

        /** The task's own word that running it again is safe (or not), over what its command declares. */
        public Builder idempotent(boolean idempotent) {
            arguments.put("idempotent", idempotent);
            return this;
        }

        /** Ends the command on its host after this many seconds; the task fails TIMEOUT. */
        public Builder timeout(long seconds) {
            arguments.put("timeout", seconds);
            return this;
        }

        /** Up to {@code retries} more attempts after a failure, the first {@code delaySeconds} later, then doubling. */
        public Builder retries(long retries, long delaySeconds) {
            arguments.put("retries", retries);
            arguments.put("retry_delay", delaySeconds);
            return this;
        }

        public Builder arg(String key, Object value) {
            if (RESERVED_KEYS.contains(key)) {
                throw new IllegalArgumentException("'" + key + "' is a reserved task key, not an argument");
            }
            arguments.put(key, immutable(value));
            return this;
        }

        /** Marks arguments whose values must never be logged, reported or saved. */
        public Builder sensitive(String... keys) {
            sensitive.addAll(List.of(keys));
            return this;
        }

        /** Hides every string argument and every output line of this task. */
        public Builder noLog() {
            this.noLog = true;
            return this;
        }

        public Task build() {
            return new Task(command, remoteHost, remoteUser, tag, arguments, SourceLocation.UNKNOWN, new Sensitivity(sensitive, noLog), sudo);
        }

        private static Object immutable(Object value) {
            if (value instanceof List<?> list) {
                return list.stream().map(Builder::immutable).toList();
            }
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(String.valueOf(k), immutable(v)));
                return Collections.unmodifiableMap(copy);
            }
            if (value instanceof Integer i) {
                return i.longValue();
            }
            return value;
        }
    }
}
