package deployer.core.spi;

import deployer.core.json.JsonOutput;
import deployer.core.json.TasklistSchema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-command part of the tasklist schema, from the commands' {@link Command#arguments() declarations}: one
 * {@code $defs} entry per command (its arguments' types, the required ones), chosen by the task's {@code command}
 * through {@code if}/{@code then}. A command's former names choose it too, so saved plans still validate.
 */
public final class CommandSchemas {

    private CommandSchemas() {
    }

    /**
     * The tasklist schema ({@link TasklistSchema}) with a part per command: a task naming one of {@code commands} (by
     * its name or a former one) must give its required arguments, each of its declared type, and no argument it does
     * not declare. A task naming a command that declares nothing (or one not listed) is checked for the task keys only.
     */
    public static String tasklistSchema(List<Command> commands) {
        Map<String, Object> root = TasklistSchema.tree();
        @SuppressWarnings("unchecked")
        Map<String, Object> defs = (Map<String, Object>) root.get("$defs");
        @SuppressWarnings("unchecked")
        Map<String, Object> task = new LinkedHashMap<>((Map<String, Object>) defs.get("task"));
        addTo(task, defs, commands);
        defs.put("task", task);
        return JsonOutput.toJson(root);
    }

    private static void addTo(Map<String, Object> task, Map<String, Object> defs, List<Command> commands) {
        List<Object> branches = new ArrayList<>();
        for (Command c : commands) {
            if (c.arguments().isEmpty()) {
                continue;
            }
            List<String> names = new ArrayList<>(List.of(c.name()));
            names.addAll(c.formerNames());
            String def = "command_" + c.name();
            defs.put(def, arguments(c));
            Map<String, Object> branch = new LinkedHashMap<>();
            branch.put("if", ordered("properties", Map.of("command", Map.of("enum", names)), "required", List.of("command")));
            branch.put("then", Map.of("$ref", "#/$defs/" + def));
            branches.add(branch);
        }
        // A command no declaration speaks for (a third party's, one that declares nothing): any argument goes.
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("if", Map.of("properties", Map.of("command", Map.of("not", Map.of("enum", declaredNames(commands))))));
        other.put("then", Map.of("additionalProperties", true));
        branches.add(other);
        task.put("allOf", branches);
        task.put("unevaluatedProperties", false);
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) task.get("properties");
        Map<String, Object> command = new LinkedHashMap<>(castMap(properties.get("command")));
        command.put("examples", commands.stream().map(Command::name).toList());
        properties.put("command", command);
        // Unknown keys are judged after the commands' parts: the task's own 'additionalProperties' would let all in.
        task.remove("additionalProperties");
    }

    /** The names (current and former) of the commands that declare arguments: the rest fall to the open branch. */
    private static List<String> declaredNames(List<Command> commands) {
        List<String> declared = new ArrayList<>();
        for (Command c : commands) {
            if (!c.arguments().isEmpty()) {
                declared.add(c.name());
                declared.addAll(c.formerNames());
            }
        }
        return declared;
    }

    private static Map<String, Object> arguments(Command c) {
        Map<String, Object> m = new LinkedHashMap<>();
        String formerly = c.formerNames().isEmpty() ? "" : " (formerly " + String.join(", ", c.formerNames())
                + ": still accepted, deprecated)";
        m.put("description", "The arguments of '" + c.name() + "'" + formerly + (c.summary().isEmpty() ? "" : ": " + c.summary()));
        Map<String, Object> properties = new LinkedHashMap<>();
        for (CommandArgument a : c.arguments()) {
            properties.put(a.name(), property(a));
        }
        m.put("properties", properties);
        m.put("required", c.arguments().stream().filter(CommandArgument::required).map(CommandArgument::name).toList());
        return m;
    }

    private static Map<String, Object> property(CommandArgument a) {
        Map<String, Object> p = new LinkedHashMap<>();
        String text = a.description().isEmpty() ? a.type().describe() : a.description();
        p.put("description", text + (a.defaultText() == null ? "" : " (default: " + a.defaultText() + ")")
                + (a.sensitive() ? "; sensitive: masked wherever it is shown" : ""));
        switch (a.type()) {
            case STRING -> p.put("type", "string");
            case WHOLE -> p.put("type", "integer");
            case NUMBER -> p.put("type", "number");
            case BOOLEAN -> p.put("type", "boolean");
            case SECONDS -> {
                p.put("type", "number");
                p.put("minimum", 0);
            }
            case STRINGS -> p.put("anyOf", List.of(Map.of("type", "string"),
                    ordered("type", "array", "items", Map.of("type", "string"))));
            case OBJECT -> p.put("type", "object");
        }
        if (a.sensitive()) {
            p.put("writeOnly", true);
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    /** A JSON object whose keys keep the order given: a multi-key Map.of iterates in an order that changes per JVM. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
