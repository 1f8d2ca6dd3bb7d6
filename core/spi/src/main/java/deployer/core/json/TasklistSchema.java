package deployer.core.json;

import deployer.core.model.TasklistFormat;
import deployer.core.model.TasklistFormat.Key;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema (draft 2020-12) of the tasklist format, generated from the declarations the reader checks with
 * ({@link TasklistFormat}). {@code build-tasklist --schema} prints it; docs/schema/tasklist.schema.json is a copy a
 * test keeps equal. It serves editors (completion, hover text, red squiggles); the reader stays the judge of rules
 * that tie keys together, which the schema states in its descriptions.
 */
public final class TasklistSchema {

    /** Where the copy in the repository lives, relative to its root. */
    public static final String REPO_FILE = "docs/schema/tasklist.schema.json";

    private TasklistSchema() {
    }

    /** The schema of the format alone (the commands' part: {@code deployer.core.spi.CommandSchemas}). */
    public static String json() {
        return JsonOutput.toJson(tree());
    }

    /** The schema as a tree of maps and lists, for adding to before it is written. */
    public static Map<String, Object> tree() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("title", "Software Deployer tasklist");
        root.put("description", "A plan: stages run one after the other; inside a stage, tasks run in parallel within"
                + " the stage's limits, and an array of tasks is a chain run in order. Generated from the declarations"
                + " the deployer validates with (build-tasklist --schema).");
        root.putAll(object(TasklistFormat.TASKLIST, false));
        Map<String, Object> defs = new LinkedHashMap<>();
        defs.put("stage", withDescription("One stage of the plan.", object(TasklistFormat.STAGE, false)));
        Map<String, Object> chain = new LinkedHashMap<>();
        chain.put("description", "A chain: its tasks run in order, one after the other, on their hosts.");
        chain.put("type", "array");
        chain.put("minItems", 1);
        chain.put("items", ref("task"));
        defs.put("chain", chain);
        List<Key> taskKeys = new ArrayList<>(TasklistFormat.TASK);
        taskKeys.addAll(TasklistFormat.TASK_POLICY);
        Map<String, Object> task = withDescription("One task: a command, where it runs, and its arguments (every key not"
                + " listed here is an argument of the command).", object(taskKeys, true));
        defs.put("task", task);
        root.put("$defs", defs);
        return root;
    }

    private static Map<String, Object> withDescription(String description, Map<String, Object> schema) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("description", description);
        m.putAll(schema);
        return m;
    }

    private static Map<String, Object> object(List<Key> keys, boolean moreAllowed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "object");
        Map<String, Object> properties = new LinkedHashMap<>();
        keys.forEach(k -> properties.put(k.name(), property(k)));
        m.put("properties", properties);
        m.put("required", keys.stream().filter(Key::required).map(Key::name).toList());
        m.put("additionalProperties", moreAllowed);
        return m;
    }

    private static Map<String, Object> property(Key key) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("description", key.description());
        TasklistFormat.Type type = key.type();
        if (type instanceof TasklistFormat.Text t) {
            p.put("type", "string");
            if (t.nonEmpty()) {
                p.put("minLength", 1);
                p.put("pattern", "\\S");
            }
        } else if (type instanceof TasklistFormat.Whole w) {
            p.put("type", "integer");
            p.put("minimum", w.min());
            p.put("maximum", w.max());
        } else if (type instanceof TasklistFormat.Seconds s) {
            p.put("type", "number");
            p.put(s.zeroAllowed() ? "minimum" : "exclusiveMinimum", 0);
            p.put("maximum", s.max());
        } else if (type instanceof TasklistFormat.Flag) {
            p.put("type", "boolean");
        } else if (type instanceof TasklistFormat.Choice c) {
            p.put("type", "string");
            p.put("enum", c.values());
        } else if (type instanceof TasklistFormat.Names) {
            p.put("type", "array");
            p.put("items", Map.of("type", "string"));
        } else if (type instanceof TasklistFormat.Stages) {
            p.put("type", "array");
            p.put("items", ref("stage"));
        } else if (type instanceof TasklistFormat.Tasks) {
            p.put("type", "array");
            p.put("items", Map.of("anyOf", List.of(ref("task"), ref("chain"))));
        } else if (type instanceof TasklistFormat.SkippedHosts) {
            p.put("type", "array");
            p.put("items", object(TasklistFormat.SKIPPED_HOST, false));
        } else {
            throw new IllegalStateException("no schema for " + type);
        }
        return p;
    }

    private static Map<String, Object> ref(String def) {
        return Map.of("$ref", "#/$defs/" + def);
    }
}
