package deployer.core.spi;

import deployer.core.model.HostAddress;
import deployer.core.model.Problem;
import deployer.core.model.Secret;
import deployer.core.model.Task;
import deployer.core.model.TaskId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A task's arguments as a command's {@code initialize} sees them. Every getter checks presence and type and
 * records a {@link Problem} (with the task's location and id) instead of throwing, so one dry run reports every
 * mistake of a tasklist. Arguments no getter asked for are reported as unknown after {@code initialize}.
 */
public final class Arguments {

    private final Task task;
    private final TaskId id;
    private final String where;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> used = new HashSet<>();
    private final Set<String> secretNames;
    private final Map<String, CommandArgument> declared = new java.util.TreeMap<>();
    /** Arguments the declaration check already found a problem with: a getter does not report them again. */
    private final Set<String> reported = new HashSet<>();

    public Arguments(Task task, TaskId id) {
        this(task, id, Set.of());
    }

    /** @param secretNames the names of the run's secrets (never their values), see {@link #secretNames()} */
    public Arguments(Task task, TaskId id, Set<String> secretNames) {
        this(task, id, secretNames, List.of());
    }

    /**
     * Arguments checked against the command's declaration at once: a required one missing and a value of the wrong
     * type are problems here, each reported once (the getters do not repeat them), and {@link #unused()} is what the
     * declaration does not name. An empty declaration checks nothing here.
     */
    public Arguments(Task task, TaskId id, Set<String> secretNames, List<CommandArgument> declaration) {
        this.task = task;
        this.id = id;
        this.where = task.location() + " task " + id + " (" + task.command() + ")";
        this.secretNames = Set.copyOf(secretNames);
        for (CommandArgument a : declaration) {
            if (declared.put(a.name(), a) != null) {
                throw new IllegalArgumentException(task.command() + ": argument '" + a.name() + "' is declared twice");
            }
        }
        declaration.forEach(this::check);
    }

    private void check(CommandArgument a) {
        Object v = task.arguments().get(a.name());
        if (v == null) {
            if (a.required()) {
                reported.add(a.name());
                problem("missing required argument '" + a.name() + "' (" + a.type().describe() + ")");
            }
        } else if (!a.type().accepts(v)) {
            reported.add(a.name());
            // What a sensitive argument holds is not described at all (its shape may give it away).
            problem("argument '" + a.name() + "': expected " + a.type().describe() + (a.sensitive() ? "" : ", got " + describe(v)));
        }
    }

    /** The command's declared arguments by name (empty when it declares none). */
    public Map<String, CommandArgument> declared() {
        return java.util.Collections.unmodifiableMap(declared);
    }

    /**
     * The names of the secrets the run's environment holds, so that a command can refuse, before anything runs, a
     * {@code ${secret:NAME}} of its own (one in a template file it reads, say) that no secret answers. The values
     * come at execution time through {@link CommandContext#secrets()}; references in the task's own arguments are
     * checked and filled in by the engine.
     */
    public Set<String> secretNames() {
        return secretNames;
    }

    public TaskId id() {
        return id;
    }

    public HostAddress host() {
        return task.host();
    }

    public String tag() {
        return task.tag();
    }

    public String remoteUser() {
        return task.remoteUser();
    }

    /** A required string. Returns null (and records a problem) when it is missing or not a string. */
    public String string(String key) {
        return typed(key, String.class, "a string", true);
    }

    public String string(String key, String defaultValue) {
        String v = typed(key, String.class, "a string", false);
        return v == null ? defaultValue : v;
    }

    public Optional<String> optionalString(String key) {
        return Optional.ofNullable(typed(key, String.class, "a string", false));
    }

    /** A required whole number. Returns 0 (and records a problem) when missing or mistyped. */
    public long integer(String key) {
        Long v = typed(key, Long.class, "a whole number", true);
        return v == null ? 0 : v;
    }

    public long integer(String key, long defaultValue) {
        Long v = typed(key, Long.class, "a whole number", false);
        return v == null ? defaultValue : v;
    }

    /** A number, whole or fractional. */
    public double number(String key, double defaultValue) {
        Number v = typed(key, Number.class, "a number", false);
        return v == null ? defaultValue : v.doubleValue();
    }

    public boolean bool(String key, boolean defaultValue) {
        Boolean v = typed(key, Boolean.class, "true or false", false);
        return v == null ? defaultValue : v;
    }

    /** A duration given in (possibly fractional) seconds, at least zero. */
    public Duration seconds(String key, Duration defaultValue) {
        used.add(key);
        Object v = task.arguments().get(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Number n) || n.doubleValue() < 0) {
            problem(key, "argument '" + key + "': expected a number of seconds (0 or more), got " + describe(v));
            return defaultValue;
        }
        return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
    }

    /** A required list of strings; a single string is taken as a list of one. */
    public List<String> strings(String key) {
        List<String> v = stringList(key, true);
        return v == null ? List.of() : v;
    }

    public List<String> strings(String key, List<String> defaultValue) {
        List<String> v = stringList(key, false);
        return v == null ? defaultValue : v;
    }

    /** A secret given as a string; it is masked everywhere from here on. */
    public Optional<Secret> secret(String key) {
        used.add(key);
        Object v = task.arguments().get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Secret s) {
            return Optional.of(s);
        }
        if (v instanceof String s) {
            return Optional.of(Secret.of(s));
        }
        problem(key, "argument '" + key + "': expected a string");
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String key, Map<String, Object> defaultValue) {
        Map<String, Object> v = typed(key, Map.class, "an object", false);
        return v == null ? defaultValue : v;
    }

    public boolean has(String key) {
        return task.arguments().containsKey(key);
    }

    /** Records a problem found by the command's own checks. */
    public void problem(String message) {
        problems.add(new Problem(where, message));
    }

    /** A getter's problem with argument {@code key}, unless the declaration check reported that argument already. */
    private void problem(String key, String message) {
        if (!reported.contains(key)) {
            problem(message);
        }
    }

    /**
     * Arguments present in the task that the command does not take: those its declaration does not name, or, for a
     * command that declares none, those no getter asked for.
     */
    public Set<String> unused() {
        Set<String> unused = new java.util.TreeSet<>(task.arguments().keySet());
        unused.removeAll(declared.isEmpty() ? used : declared.keySet());
        return unused;
    }

    /** The arguments the command takes: its declared ones, or for one that declares none, those its getters read. */
    public Set<String> used() {
        return declared.isEmpty() ? Set.copyOf(used) : Set.copyOf(declared.keySet());
    }

    /** The arguments the command's getters asked for (declared or not). */
    public Set<String> read() {
        return Set.copyOf(used);
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    private <T> T typed(String key, Class<T> type, String expected, boolean required) {
        used.add(key);
        Object v = task.arguments().get(key);
        if (v == null) {
            if (required) {
                problem(key, "missing required argument '" + key + "' (" + expected + ")");
            }
            return null;
        }
        if (!type.isInstance(v)) {
            problem(key, "argument '" + key + "': expected " + expected + ", got " + describe(v));
            return null;
        }
        return type.cast(v);
    }

    private List<String> stringList(String key, boolean required) {
        used.add(key);
        Object v = task.arguments().get(key);
        if (v == null) {
            if (required) {
                problem(key, "missing required argument '" + key + "' (a list of strings)");
            }
            return null;
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        if (v instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        problem(key, "argument '" + key + "': expected a list of strings, got " + describe(v));
        return null;
    }

    private static String describe(Object v) {
        if (v instanceof Secret) return "a secret";
        if (v instanceof String s) return "string \"" + s + "\"";
        if (v instanceof Long || v instanceof Integer) return "integer " + v;
        if (v instanceof Number) return "number " + v;
        if (v instanceof Boolean) return "boolean " + v;
        if (v instanceof List) return "an array";
        if (v instanceof Map) return "an object";
        return String.valueOf(v);
    }
}
