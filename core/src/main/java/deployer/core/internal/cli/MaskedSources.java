package deployer.core.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deployer.core.config.Config;
import deployer.core.json.JsonOutput;
import deployer.core.json.TasklistReader;
import deployer.core.model.InputFileException;
import deployer.core.model.Secret;
import deployer.core.model.SecretReference;
import deployer.core.model.Stage;
import deployer.core.model.StageItem;
import deployer.core.model.Task;
import deployer.core.model.TaskId;
import deployer.core.model.Tasklist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the sensitive values of a generated plan come from, so that its saved copy (which holds them masked, as
 * {@code ********}) can run again: a resumed run gives each masked argument back its value from the config it is
 * given with {@code --config}. Beside {@code NAME.plan.json} lies {@code NAME.plan-sources.json}, holding for each
 * masked argument only the config key that holds its value ({@code notify.url}) — never a value.
 */
final class MaskedSources {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MaskedSources() {
    }

    /** The sources file of a saved plan. */
    static Path fileFor(Path plan) {
        String name = plan.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
        return plan.resolveSibling(base + "-sources.json");
    }

    /** One masked argument: the task, the argument and the config key whose value it has. */
    private record Source(TaskId task, String argument, List<String> configKey) {
    }

    /**
     * Writes the sources of the plan's masked literal arguments that are values of the config (found by value);
     * writes nothing when there are none.
     */
    static void save(Tasklist plan, Config config, Path planFile) throws InputFileException {
        Object tree = config == null || config.root() == null ? null : config.root().toPlain();
        if (tree == null) {
            return;
        }
        List<Source> sources = new ArrayList<>();
        forEachTask(plan, (id, task) -> task.arguments().forEach((argument, value) -> {
            String literal = value instanceof Secret s ? s.reveal() : value instanceof String s ? s : null;
            if (literal != null && task.sensitivity().covers(argument, value) && !SecretReference.isOnlyReferences(literal)) {
                find(tree, literal, new ArrayList<>()).ifPresent(key -> sources.add(new Source(id, argument, key)));
            }
        }));
        if (sources.isEmpty()) {
            return;
        }
        List<Map<String, Object>> rows = sources.stream().map(s -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("task", s.task().toString());
            row.put("argument", s.argument());
            row.put("config_key", s.configKey());
            return row;
        }).toList();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("comment", "where the masked (********) values of the plan beside come from: keys of the deploy's --config, no values");
        doc.put("masked_arguments", rows);
        Path file = fileFor(planFile);
        try {
            JsonOutput.write(JsonOutput.toJson(doc), file);
        } catch (IOException e) {
            throw InputFileException.of("saving the plan's sources beside it, " + file, e);
        }
    }

    /**
     * The values of the plan's masked arguments, from {@code config} by the keys its sources file names; none when
     * there is no sources file or no config. A file that cannot be read refills nothing: the masked values then are
     * refused, located, as in any plan that holds them.
     */
    static TasklistReader.Refill refill(Path planFile, Config config) {
        Path file = fileFor(planFile);
        Object tree = config == null || config.root() == null ? null : config.root().toPlain();
        if (tree == null || !Files.isRegularFile(file)) {
            return TasklistReader.Refill.NONE;
        }
        Map<String, Object> values = new HashMap<>();
        try {
            for (JsonNode row : JSON.readTree(file.toFile()).path("masked_arguments")) {
                List<String> key = new ArrayList<>();
                row.path("config_key").forEach(k -> key.add(k.asText()));
                Object value = at(tree, key);
                if (value instanceof String || value instanceof Secret) {
                    values.put(row.path("task").asText() + " " + row.path("argument").asText(), value);
                }
            }
        } catch (IOException | RuntimeException e) {
            return TasklistReader.Refill.NONE;
        }
        return (id, argument) -> Optional.ofNullable(values.get(id + " " + argument));
    }

    private static Optional<List<String>> find(Object node, String value, List<String> path) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                path.add(String.valueOf(e.getKey()));
                Optional<List<String>> found = find(e.getValue(), value, path);
                if (found.isPresent()) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        } else if ((node instanceof String s && s.equals(value)) || (node instanceof Secret sec && sec.reveal().equals(value))) {
            return Optional.of(List.copyOf(path));
        }
        return Optional.empty();
    }

    private static Object at(Object tree, List<String> key) {
        Object node = tree;
        for (String k : key) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(k);
        }
        return node;
    }

    private static void forEachTask(Tasklist plan, java.util.function.BiConsumer<TaskId, Task> action) {
        List<Stage> stages = plan.stages();
        for (int s = 0; s < stages.size(); s++) {
            List<StageItem> items = stages.get(s).items();
            for (int i = 0; i < items.size(); i++) {
                StageItem item = items.get(i);
                for (int l = 0; l < item.links().size(); l++) {
                    action.accept(new TaskId(s + 1, i + 1, item instanceof StageItem.Single ? 0 : l + 1), item.links().get(l));
                }
            }
        }
    }
}
