package deployer.core.json;

import deployer.core.model.Chain;
import deployer.core.model.HostAddress;
import deployer.core.model.InvalidInputException;
import deployer.core.model.OnFailure;
import deployer.core.model.Problem;
import deployer.core.model.Redaction;
import deployer.core.model.Secret;
import deployer.core.model.SecretReference;
import deployer.core.model.Sensitivity;
import deployer.core.model.Stage;
import deployer.core.model.StageItem;
import deployer.core.model.StagePolicy;
import deployer.core.model.Task;
import deployer.core.model.TaskId;
import deployer.core.model.SkippedHost;
import deployer.core.model.Tasklist;
import deployer.core.model.TasklistFormat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a tasklist strictly: unknown keys, wrong types, missing keys and limits out of range are problems, each with
 * its file:line:column and JSON path. Collects every problem before failing, so one edit-and-retry fixes them all.
 * A stage with a bad key still has its tasks read (and, through {@link Read}, validated): a stage error never hides
 * the errors of its tasks.
 */
public final class TasklistReader {

    /**
     * What could be read of a tasklist, and what was wrong. Every stage and item keeps its place (a broken one as a
     * placeholder), so task ids in later messages are the ids the user counts in the file.
     *
     * @param unreadableTasks     placeholders for tasks too broken to validate further (already reported)
     * @param stagesWithoutTasks  stages whose {@code tasks} could not be read (already reported)
     */
    public record Read(Tasklist tasklist, List<Problem> problems, Set<TaskId> unreadableTasks, Set<Integer> stagesWithoutTasks) {
        public Read {
            problems = List.copyOf(problems);
            unreadableTasks = Set.copyOf(unreadableTasks);
            stagesWithoutTasks = Set.copyOf(stagesWithoutTasks);
        }

        /** The same reading with the plan's values changed (e.g. the run id filled in); its shape must be the same. */
        public Read withTasklist(Tasklist changed) {
            return new Read(changed, problems, unreadableTasks, stagesWithoutTasks);
        }
    }

    // The keys, their types and ranges are declared in TasklistFormat, which the JSON Schema is generated from.
    private static final Set<String> TOP_KEYS = TasklistFormat.names(TasklistFormat.TASKLIST);
    private static final Set<String> STAGE_KEYS = TasklistFormat.names(TasklistFormat.STAGE);

    /**
     * The real value of a sensitive argument that a saved plan holds masked ({@code ********}), where the caller knows
     * it (e.g. from the config the plan was generated from); empty where it does not.
     */
    @FunctionalInterface
    public interface Refill {
        Refill NONE = (id, argument) -> java.util.Optional.empty();

        java.util.Optional<Object> value(TaskId task, String argument);
    }

    private final List<Problem> problems = new ArrayList<>();
    private final Set<TaskId> unreadableTasks = new HashSet<>();
    private final Set<Integer> stagesWithoutTasks = new HashSet<>();
    private final Refill refill;

    private TasklistReader() {
        this(Refill.NONE);
    }

    private TasklistReader(Refill refill) {
        this.refill = refill;
    }

    /** Reads a tasklist, or fails with every problem of its structure. */
    public static Tasklist read(Path file) throws InvalidInputException {
        return orThrow(readAll(file));
    }

    public static Tasklist read(String json, String name) throws InvalidInputException {
        return orThrow(readAll(json, name));
    }

    /**
     * Reads as much as can be read and returns it with the problems found; throws only when the file is not JSON or
     * not an object. Pass the result to {@code Executor.validate(Read, …)} to add the problems of every command.
     */
    public static Read readAll(Path file) throws InvalidInputException {
        return readAll(file, Refill.NONE);
    }

    /** As {@link #readAll(Path)}, with masked sensitive arguments given back their values by {@code refill}. */
    public static Read readAll(Path file, Refill refill) throws InvalidInputException {
        return new TasklistReader(refill).parse(NodeReader.readJson(file), file.toString());
    }

    public static Read readAll(String json, String name) throws InvalidInputException {
        return new TasklistReader().parse(NodeReader.readJson(json, name), name);
    }

    private static Tasklist orThrow(Read read) throws InvalidInputException {
        if (!read.problems().isEmpty()) {
            throw new InvalidInputException(read.problems());
        }
        return read.tasklist();
    }

    private Read parse(Node root, String source) throws InvalidInputException {
        if (!root.isMap()) {
            throw new InvalidInputException(root.location() + " $", "expected an object with 'name' and 'stages', got " + root.typeName());
        }
        Map<String, Node> top = root.asMap();
        unknownKeys(top, TOP_KEYS, "$", "tasklist");
        String name = requiredString(top, "name", root, "$");
        List<Stage> stages = new ArrayList<>();
        Node stagesNode = top.get("stages");
        if (stagesNode == null) {
            problem(root, "$", "missing required key 'stages' (an array of stages)");
        } else if (!stagesNode.isList()) {
            problem(stagesNode, "$.stages", "expected an array of stages, got " + stagesNode.typeName());
        } else {
            List<Node> list = stagesNode.asList();
            for (int i = 0; i < list.size(); i++) {
                stages.add(stage(list.get(i), "$.stages[" + i + "]", i + 1));
            }
        }
        return new Read(new Tasklist(name, stages, source, skippedHosts(top.get("skipped_hosts"))), problems, unreadableTasks, stagesWithoutTasks);
    }

    private static final Set<String> SKIPPED_HOST_KEYS = TasklistFormat.names(TasklistFormat.SKIPPED_HOST);

    /** The hosts the generator left out; optional, so a plan saved before it existed still reads. */
    private List<SkippedHost> skippedHosts(Node node) {
        List<SkippedHost> hosts = new ArrayList<>();
        if (node == null) {
            return hosts;
        }
        if (!node.isList()) {
            problem(node, "$.skipped_hosts", "expected an array of {host, service, why}, got " + node.typeName());
            return hosts;
        }
        List<Node> list = node.asList();
        for (int i = 0; i < list.size(); i++) {
            Node n = list.get(i);
            String path = "$.skipped_hosts[" + i + "]";
            if (!n.isMap()) {
                problem(n, path, "expected an object with host, service and why, got " + n.typeName());
                continue;
            }
            Map<String, Node> m = n.asMap();
            unknownKeys(m, SKIPPED_HOST_KEYS, path, "skipped host");
            String host = requiredString(m, "host", n, path);
            String service = requiredString(m, "service", n, path);
            String why = requiredString(m, "why", n, path);
            hosts.add(new SkippedHost(host, service, why));
        }
        return hosts;
    }

    /** The stage as far as it can be read; its items keep their places even when some are broken. */
    private Stage stage(Node node, String path, int number) {
        if (!node.isMap()) {
            problem(node, path, "expected a stage object, got " + node.typeName());
            stagesWithoutTasks.add(number);
            return new Stage("", 1, 0, List.of(), node.location());
        }
        Map<String, Node> m = node.asMap();
        unknownKeys(m, STAGE_KEYS, path, "stage");
        String name = requiredString(m, "name", node, path);
        int concurrency = limit(m.get("concurrency"), node, path, TasklistFormat.CONCURRENCY);
        int perHost = limit(m.get("concurrency_per_host"), node, path, TasklistFormat.CONCURRENCY_PER_HOST);
        boolean always = flag(m.get("always"), path, "always");
        boolean whenFailed = when(m, path);
        if (whenFailed && m.get("always") != null && !always) {
            problem(m.get("always"), path + ".always", "\"when\": \"failed\" makes a finishing stage; it cannot be \"always\": false");
        }
        StagePolicy policy = policy(m, path);
        List<StageItem> items = new ArrayList<>();
        Node tasks = m.get("tasks");
        if (tasks == null) {
            problem(node, path, "missing required key 'tasks' (an array of tasks and chains)");
            stagesWithoutTasks.add(number);
        } else if (!tasks.isList()) {
            problem(tasks, path + ".tasks", "expected an array of tasks and chains, got " + tasks.typeName());
            stagesWithoutTasks.add(number);
        } else {
            List<Node> list = tasks.asList();
            for (int i = 0; i < list.size(); i++) {
                String p = path + ".tasks[" + i + "]";
                Node t = list.get(i);
                if (t.isList() && !t.asList().isEmpty()) {
                    List<Task> links = new ArrayList<>();
                    for (int j = 0; j < t.asList().size(); j++) {
                        Node link = t.asList().get(j);
                        TaskId id = new TaskId(number, i + 1, j + 1);
                        links.add(link.isList() ? nestedChain(link, p + "[" + j + "]", id) : task(link, p + "[" + j + "]", id));
                    }
                    items.add(new Chain(links));
                } else if (t.isList()) {
                    problem(t, p, "an empty chain: a chain needs at least one task");
                    items.add(StageItem.of(placeholder(t, TaskId.of(number, i + 1))));
                } else {
                    items.add(StageItem.of(task(t, p, TaskId.of(number, i + 1))));
                }
            }
        }
        return new Stage(name, concurrency, perHost, items, node.location(), always || whenFailed, policy, whenFailed);
    }

    /**
     * {@code "when": "failed"}: the stage runs only when the run failed, was stopped or aborted (the one condition
     * there is; a stage without {@code when} runs as usual).
     */
    private boolean when(Map<String, Node> m, String path) {
        Node n = m.get("when");
        if (n == null) {
            return false;
        }
        if ("failed".equals(n.value())) {
            return true;
        }
        problem(n, path + ".when", "expected \"failed\" (the stage runs only when the run failed, was stopped or aborted), got "
                + (n.value() instanceof String v ? "'" + v + "'" : n.typeName()));
        return false;
    }

    /**
     * {@code on_failure} ({@code stop} or {@code continue}), the rollout's budget ({@code max_failures},
     * {@code max_fail_percentage}) and the {@code rollout} the stage is a batch of. A budget needs {@code continue}:
     * under {@code stop} the first failure stops the run, so a budget there would promise what never happens.
     */
    private StagePolicy policy(Map<String, Node> m, String path) {
        OnFailure onFailure = OnFailure.STOP;
        boolean onFailureRead = true;
        Node of = m.get("on_failure");
        List<String> choices = ((TasklistFormat.Choice) TasklistFormat.ON_FAILURE.type()).values();
        if (of != null) {
            if (of.value() instanceof String s && choices.contains(s)) {
                onFailure = OnFailure.valueOf(s.toUpperCase(java.util.Locale.ROOT));
            } else {
                onFailureRead = false;
                problem(of, path + ".on_failure", "expected " + String.join(" or ", choices.stream().map(c -> "\"" + c + "\"").toList())
                        + ", got " + (of.value() instanceof String s ? "\"" + s + "\"" : of.typeName()));
            }
        }
        Integer maxFailures = bounded(m.get("max_failures"), path, TasklistFormat.MAX_FAILURES);
        Integer maxPercentage = bounded(m.get("max_fail_percentage"), path, TasklistFormat.MAX_FAIL_PERCENTAGE);
        for (String key : List.of("max_failures", "max_fail_percentage")) {
            if (m.containsKey(key) && onFailureRead && onFailure != OnFailure.CONTINUE) {
                problem(m.get(key), path + "." + key, "'" + key + "' needs \"on_failure\": \"continue\" (under stop, the"
                        + " default, the first failure stops the run)");
            }
        }
        if (onFailure == OnFailure.CONTINUE && !m.containsKey("max_failures") && !m.containsKey("max_fail_percentage")) {
            // Without a budget the first failure would spend it: "continue" would silently act as "stop".
            problem(of, path + ".on_failure", "\"continue\" needs a failure budget: add \"max_failures\" (hosts) or"
                    + " \"max_fail_percentage\" (of the rollout's hosts) that may fail before the run stops;"
                    + " \"max_fail_percentage\": 100 goes on whatever fails");
        }
        String rollout = optionalString(m, "rollout", path);
        if (rollout != null && rollout.isBlank()) {
            problem(m.get("rollout"), path + ".rollout", "expected a non-empty name shared by the batch stages of one rollout");
            rollout = null;
        }
        return new StagePolicy(onFailure, maxFailures, maxPercentage, rollout);
    }

    /** An optional whole number within [min, max], or null (absent or reported). */
    private Integer bounded(Node n, String path, TasklistFormat.Key declared) {
        if (n == null) {
            return null;
        }
        String key = declared.name();
        TasklistFormat.Whole range = (TasklistFormat.Whole) declared.type();
        long min = range.min();
        long max = range.max();
        if (!(n.value() instanceof Long l) || l < min || l > max) {
            problem(n, path + "." + key, "expected a whole number from " + min + (max == Integer.MAX_VALUE ? " up" : " to " + max)
                    + ", got " + (n.value() instanceof Number num ? num : n.typeName()));
            return null;
        }
        return l.intValue();
    }

    /** Stands in for a task too broken to validate, so the tasks after it keep their ids. */
    private Task placeholder(Node node, TaskId id) {
        unreadableTasks.add(id);
        return new Task("", null, null, null, Map.of(), node.location());
    }

    private Task nestedChain(Node node, String path, TaskId id) {
        problem(node, path, "a chain cannot contain another chain; expected a task object");
        return placeholder(node, id);
    }

    private Task task(Node node, String path, TaskId id) {
        if (!node.isMap()) {
            problem(node, path, "expected a task object or a chain (array of tasks), got " + node.typeName());
            return placeholder(node, id);
        }
        Map<String, Node> m = node.asMap();
        int before = problems.size();
        String command = requiredString(m, "command", node, path);
        boolean commandRead = problems.size() == before;
        String host = optionalString(m, "remote_host", path);
        String user = optionalString(m, "remote_user", path);
        if (user != null && !HostAddress.isLoginName(user)) {
            problem(m.get("remote_user"), path + ".remote_user", HostAddress.badLoginName(user));
            user = null;
        }
        String tag = optionalString(m, "tag", path);
        Task.Sudo sudo = sudo(m, path);
        Map<String, Object> args = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (!Task.RESERVED_KEYS.contains(k)) {
                args.put(k, v.toPlain());
                malformedSecretReferences(v, path + "." + k);
            }
        });
        Sensitivity sensitivity = sensitivity(m, path, args, id);
        if (!commandRead) {
            return placeholder(node, id);
        }
        // A mistyped remote_host/remote_user/tag is reported above and left out; the command and its arguments are
        // still validated, so their problems show in the same run.
        return new Task(command, host, user, tag, args, node.location(), sensitivity, sudo);
    }

    /**
     * The reserved keys {@code sensitive} (argument names) and {@code no_log} (boolean). A sensitive argument that
     * holds the mask a saved plan writes in place of its value is an error: running it would use "********".
     */
    private Sensitivity sensitivity(Map<String, Node> m, String path, Map<String, Object> args, TaskId id) {
        Set<String> names = new java.util.TreeSet<>();
        Node n = m.get("sensitive");
        if (n != null) {
            if (n.isList() && n.asList().stream().allMatch(x -> x.value() instanceof String)) {
                n.asList().forEach(x -> names.add((String) x.value()));
            } else {
                problem(n, path + ".sensitive", "expected an array of argument names, got " + n.typeName());
            }
            for (String name : names) {
                if (!args.containsKey(name)) {
                    problem(n, path + ".sensitive", "'" + name + "' is not an argument of this task; its arguments: "
                            + (args.isEmpty() ? "(none)" : String.join(", ", new java.util.TreeSet<>(args.keySet()))));
                }
            }
        }
        boolean noLog = false;
        Node nl = m.get("no_log");
        if (nl != null) {
            if (nl.value() instanceof Boolean b) {
                noLog = b;
            } else {
                problem(nl, path + ".no_log", "expected true or false, got " + nl.typeName());
            }
        }
        Sensitivity sensitivity = new Sensitivity(names, noLog);
        for (String k : List.copyOf(args.keySet())) {
            Object v = args.get(k);
            if (sensitivity.covers(k, v) && Redaction.holdsPlaceholder(v)) {
                refill.value(id, k).ifPresent(real -> args.put(k, real));
            }
        }
        args.forEach((k, v) -> {
            if (sensitivity.covers(k, v) && Redaction.holdsPlaceholder(v)) {
                problem(m.get(k), path + "." + k, "holds '" + Secret.MASK + "', the placeholder a saved plan writes for a"
                        + " sensitive value (plans never hold secrets); put the real value back before running it");
            }
        });
        return sensitivity;
    }

    /** A malformed {@code ${secret:…}} in an argument: never replaced, it would reach the command (a shell) as written. */
    private void malformedSecretReferences(Node n, String path) {
        if (n.value() instanceof String s) {
            SecretReference.problems(s).forEach(p -> problem(n, path, p));
        } else if (n.isList()) {
            for (int i = 0; i < n.asList().size(); i++) {
                malformedSecretReferences(n.asList().get(i), path + "[" + i + "]");
            }
        } else if (n.isMap()) {
            n.asMap().forEach((k, v) -> malformedSecretReferences(v, path + "." + k));
        }
    }

    /** {@code sudo: true} runs as root, {@code sudo_user: NAME} as NAME (and implies sudo). */
    private Task.Sudo sudo(Map<String, Node> m, String path) {
        Node flag = m.get("sudo");
        String user = optionalString(m, "sudo_user", path);
        if (user != null && !HostAddress.isLoginName(user)) {
            problem(m.get("sudo_user"), path + ".sudo_user", HostAddress.badLoginName(user));
            return null;
        }
        if (flag != null && !(flag.value() instanceof Boolean)) {
            problem(flag, path + ".sudo", "'sudo': expected true or false, got " + flag.typeName());
            return null;
        }
        boolean on = flag != null && (Boolean) flag.value();
        if (flag != null && !on && user != null) {
            problem(flag, path + ".sudo", "'sudo' is false but 'sudo_user' is set; remove one of them");
            return null;
        }
        return on || user != null ? new Task.Sudo(user) : null;
    }

    private int limit(Node n, Node parent, String path, TasklistFormat.Key declared) {
        String key = declared.name();
        boolean required = declared.required();
        long min = ((TasklistFormat.Whole) declared.type()).min();
        long max = ((TasklistFormat.Whole) declared.type()).max();
        if (n == null) {
            if (required) {
                problem(parent, path, "missing required key '" + key + "' (a whole number, at least " + min + ")");
            }
            return required ? 1 : 0;
        }
        if (n.value() instanceof java.math.BigInteger big) {
            problem(n, path + "." + key, "too large (at most " + max + "), got " + big);
            return 1;
        }
        if (!(n.value() instanceof Long l)) {
            problem(n, path + "." + key, "expected a whole number, at least " + min + ", got " + n.typeName());
            return 1;
        }
        if (l < min) {
            problem(n, path + "." + key, "must be at least " + min + ", got " + l);
            return 1;
        }
        if (l > max) {
            problem(n, path + "." + key, "too large (at most " + max + "), got " + l);
            return 1;
        }
        return l.intValue();
    }

    private boolean flag(Node n, String path, String key) {
        if (n == null) {
            return false;
        }
        if (!(n.value() instanceof Boolean b)) {
            problem(n, path + "." + key, "expected true or false, got " + n.typeName());
            return false;
        }
        return b;
    }

    private String requiredString(Map<String, Node> m, String key, Node parent, String path) {
        Node n = m.get(key);
        if (n == null) {
            problem(parent, path, "missing required key '" + key + "' (a string)");
            return "";
        }
        if (!(n.value() instanceof String s) || s.isBlank()) {
            problem(n, path + "." + key, "expected a non-empty string, got " + n.typeName());
            return "";
        }
        return s;
    }

    private String optionalString(Map<String, Node> m, String key, String path) {
        Node n = m.get(key);
        if (n == null) {
            return null;
        }
        if (!(n.value() instanceof String s)) {
            problem(n, path + "." + key, "expected a string, got " + n.typeName());
            return null;
        }
        return s;
    }

    private void unknownKeys(Map<String, Node> m, Set<String> allowed, String path, String what) {
        m.forEach((k, v) -> {
            if (!allowed.contains(k)) {
                problem(v, path + "." + k, "unknown " + what + " key '" + k + "'; expected one of: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        });
    }

    private void problem(Node at, String path, String message) {
        problems.add(new Problem(at.location() + " " + path, message));
    }
}
