package deployer.core.json;

import deployer.core.model.Chain;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.core.model.Stage;
import deployer.core.model.StageItem;
import deployer.core.model.Task;
import deployer.core.model.Tasklist;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a tasklist strictly: unknown keys, wrong types, missing keys and limits below 1 are problems, each with
 * its file:line:column and JSON path. Collects every problem before failing, so one edit-and-retry fixes them all.
 */
public final class TasklistReader {

    private static final Set<String> TOP_KEYS = Set.of("name", "stages");
    private static final Set<String> STAGE_KEYS = Set.of("name", "concurrency", "concurrency_per_host", "tasks");
    /** Stage keys reserved for failure policies on the roadmap; rejected until they exist. */
    private static final Set<String> FUTURE_STAGE_KEYS = Set.of("on_failure", "max_failures", "max_fail_percentage");

    private final List<Problem> problems = new ArrayList<>();

    private TasklistReader() {
    }

    public static Tasklist read(Path file) throws InvalidInputException {
        return new TasklistReader().parse(NodeReader.readJson(file), file.toString());
    }

    public static Tasklist read(String json, String name) throws InvalidInputException {
        return new TasklistReader().parse(NodeReader.readJson(json, name), name);
    }

    private Tasklist parse(Node root, String source) throws InvalidInputException {
        if (!root.isMap()) {
            throw new InvalidInputException(root.location() + " $", "expected an object with 'name' and 'stages', got " + root.typeName());
        }
        Map<String, Node> top = root.asMap();
        unknownKeys(top, TOP_KEYS, Set.of(), "$", "tasklist");
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
                Stage s = stage(list.get(i), "$.stages[" + i + "]");
                if (s != null) {
                    stages.add(s);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Tasklist(name, stages, source);
    }

    private Stage stage(Node node, String path) {
        if (!node.isMap()) {
            problem(node, path, "expected a stage object, got " + node.typeName());
            return null;
        }
        Map<String, Node> m = node.asMap();
        int before = problems.size();
        unknownKeys(m, STAGE_KEYS, FUTURE_STAGE_KEYS, path, "stage");
        String name = requiredString(m, "name", node, path);
        int concurrency = limit(m.get("concurrency"), node, path, "concurrency", true);
        int perHost = limit(m.get("concurrency_per_host"), node, path, "concurrency_per_host", false);
        List<StageItem> items = new ArrayList<>();
        Node tasks = m.get("tasks");
        if (tasks == null) {
            problem(node, path, "missing required key 'tasks' (an array of tasks and chains)");
        } else if (!tasks.isList()) {
            problem(tasks, path + ".tasks", "expected an array of tasks and chains, got " + tasks.typeName());
        } else {
            List<Node> list = tasks.asList();
            for (int i = 0; i < list.size(); i++) {
                String p = path + ".tasks[" + i + "]";
                Node t = list.get(i);
                if (t.isList()) {
                    List<Task> links = new ArrayList<>();
                    for (int j = 0; j < t.asList().size(); j++) {
                        Node link = t.asList().get(j);
                        Task task = link.isList() ? nestedChain(link, p + "[" + j + "]") : task(link, p + "[" + j + "]");
                        if (task != null) {
                            links.add(task);
                        }
                    }
                    if (t.asList().isEmpty()) {
                        problem(t, p, "an empty chain: a chain needs at least one task");
                    } else if (!links.isEmpty()) {
                        items.add(new Chain(links));
                    }
                } else {
                    Task task = task(t, p);
                    if (task != null) {
                        items.add(StageItem.of(task));
                    }
                }
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new Stage(name, concurrency, perHost, items, node.location());
    }

    private Task nestedChain(Node node, String path) {
        problem(node, path, "a chain cannot contain another chain; expected a task object");
        return null;
    }

    private Task task(Node node, String path) {
        if (!node.isMap()) {
            problem(node, path, "expected a task object or a chain (array of tasks), got " + node.typeName());
            return null;
        }
        Map<String, Node> m = node.asMap();
        int before = problems.size();
        String command = requiredString(m, "command", node, path);
        String host = optionalString(m, "remote_host", path);
        String user = optionalString(m, "remote_user", path);
        String tag = optionalString(m, "tag", path);
        Task.Sudo sudo = sudo(m, path);
        Map<String, Object> args = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (!Task.RESERVED_KEYS.contains(k)) {
                args.put(k, v.toPlain());
            }
        });
        if (problems.size() > before) {
            return null;
        }
        return new Task(command, host, user, tag, args, node.location(), sudo);
    }

    /** {@code sudo: true} runs as root, {@code sudo_user: NAME} as NAME (and implies sudo). */
    private Task.Sudo sudo(Map<String, Node> m, String path) {
        Node flag = m.get("sudo");
        String user = optionalString(m, "sudo_user", path);
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

    private int limit(Node n, Node parent, String path, String key, boolean required) {
        if (n == null) {
            if (required) {
                problem(parent, path, "missing required key '" + key + "' (a whole number, at least 1)");
            }
            return required ? 1 : 0;
        }
        if (!(n.value() instanceof Long l)) {
            problem(n, path + "." + key, "expected a whole number, at least 1, got " + n.typeName());
            return 1;
        }
        if (l < 1 || l > Integer.MAX_VALUE) {
            problem(n, path + "." + key, "must be at least 1, got " + l);
            return 1;
        }
        return l.intValue();
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

    private void unknownKeys(Map<String, Node> m, Set<String> allowed, Set<String> future, String path, String what) {
        m.forEach((k, v) -> {
            if (future.contains(k)) {
                problem(v, path + "." + k, "'" + k + "' is reserved for " + what + " failure policies and not supported yet");
            } else if (!allowed.contains(k)) {
                problem(v, path + "." + k, "unknown " + what + " key '" + k + "'; expected one of: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        });
    }

    private void problem(Node at, String path, String message) {
        problems.add(new Problem(at.location() + " " + path, message));
    }
}
