package deployer.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deployer.core.model.Task;
import deployer.core.model.Tasklist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What changed between two plans, by stage, task and argument — not by JSON line. Both plans are compared in their
 * canonical form ({@link TasklistWriter#toJson}, the form {@code TasklistHash} digests), so key order and whitespace
 * never count and sensitive values enter only masked.
 *
 * <p>Stages pair up by name (the n-th stage of a name with the n-th of the same name). Inside a stage, items pair up
 * along their longest common run of identical items, and the items between two identical ones pair up by position:
 * one inserted task reads as "added", not as every later task "changed". Task ids in the lines are those of the new
 * plan ({@code 2.5}, {@code 2.5.1} for a chain link); a removed task has the id it had in the old plan.
 */
public final class PlanDiff {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PlanDiff() {
    }

    /** One line per difference, in plan order; empty when the plans are equal. */
    public static List<String> between(Tasklist oldPlan, Tasklist newPlan) {
        JsonNode a = canonical(oldPlan);
        JsonNode b = canonical(newPlan);
        List<String> out = new ArrayList<>();
        if (!a.path("name").equals(b.path("name"))) {
            out.add("plan name: " + a.path("name") + " → " + b.path("name"));
        }
        List<JsonNode> oldStages = list(a.path("stages"));
        List<JsonNode> newStages = list(b.path("stages"));
        Map<String, List<Integer>> oldByName = byName(oldStages);
        Map<String, Integer> seen = new LinkedHashMap<>();
        boolean[] oldMatched = new boolean[oldStages.size()];
        List<String> oldOrder = new ArrayList<>();
        List<String> newOrder = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        for (int j = 0; j < newStages.size(); j++) {
            JsonNode s = newStages.get(j);
            String name = s.path("name").asText();
            int n = seen.merge(name, 1, Integer::sum) - 1;
            List<Integer> candidates = oldByName.getOrDefault(name, List.of());
            if (n < candidates.size()) {
                int i = candidates.get(n);
                oldMatched[i] = true;
                oldOrder.add(i + "");
                newOrder.add(i + "");
                compareStage(name, j + 1, oldStages.get(i), s, changes);
            } else {
                changes.add("stage " + quote(name) + " added (stage " + (j + 1) + ", " + countTasks(s) + ")");
            }
        }
        for (int i = 0; i < oldStages.size(); i++) {
            if (!oldMatched[i]) {
                changes.add("stage " + quote(oldStages.get(i).path("name").asText()) + " removed (was stage " + (i + 1) + ", "
                        + countTasks(oldStages.get(i)) + ")");
            }
        }
        oldOrder.sort((x, y) -> Integer.compare(Integer.parseInt(x), Integer.parseInt(y)));
        if (!oldOrder.equals(newOrder)) {
            out.add("stage order: " + names(oldStages, oldOrder) + " → " + names(oldStages, newOrder));
        }
        out.addAll(changes);
        return out;
    }

    private static void compareStage(String name, int number, JsonNode a, JsonNode b, List<String> out) {
        String where = "stage " + quote(name) + ": ";
        for (String key : keys(a, b)) {
            if (key.equals("tasks") || key.equals("name")) {
                continue;
            }
            describe(where, key, a.get(key), b.get(key), out);
        }
        List<JsonNode> x = list(a.path("tasks"));
        List<JsonNode> y = list(b.path("tasks"));
        // Longest common subsequence of identical items: the anchors between which items pair up by position.
        int[][] lcs = new int[x.size() + 1][y.size() + 1];
        for (int i = x.size() - 1; i >= 0; i--) {
            for (int j = y.size() - 1; j >= 0; j--) {
                lcs[i][j] = x.get(i).equals(y.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        List<Integer> removedRun = new ArrayList<>();
        List<Integer> addedRun = new ArrayList<>();
        while (i < x.size() || j < y.size()) {
            if (i < x.size() && j < y.size() && x.get(i).equals(y.get(j))) {
                flush(where, number, x, y, removedRun, addedRun, out);
                i++;
                j++;
            } else if (j < y.size() && (i == x.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
                addedRun.add(j++);
            } else {
                removedRun.add(i++);
            }
        }
        flush(where, number, x, y, removedRun, addedRun, out);
    }

    /** Items between two anchors: pairs by position are changes, the rest added or removed. */
    private static void flush(String where, int stage, List<JsonNode> x, List<JsonNode> y, List<Integer> removed,
                              List<Integer> added, List<String> out) {
        int pairs = Math.min(removed.size(), added.size());
        for (int k = 0; k < pairs; k++) {
            compareItem(where, stage, removed.get(k) + 1, added.get(k) + 1, x.get(removed.get(k)), y.get(added.get(k)), out);
        }
        for (int k = pairs; k < added.size(); k++) {
            out.add(where + "task " + stage + "." + (added.get(k) + 1) + " added: " + summary(y.get(added.get(k))));
        }
        for (int k = pairs; k < removed.size(); k++) {
            out.add(where + "task " + (removed.get(k) + 1) + " of the old stage removed: " + summary(x.get(removed.get(k))));
        }
        removed.clear();
        added.clear();
    }

    private static void compareItem(String where, int stage, int oldItem, int newItem, JsonNode a, JsonNode b, List<String> out) {
        String id = stage + "." + newItem;
        if (a.isArray() != b.isArray()) {
            out.add(where + "task " + id + " replaced: " + summary(a) + " → " + summary(b));
            return;
        }
        if (!a.isArray()) {
            compareTask(where + "task " + id + " " + label(b) + ": ", a, b, out);
            return;
        }
        List<JsonNode> x = list(a);
        List<JsonNode> y = list(b);
        for (int k = 0; k < Math.max(x.size(), y.size()); k++) {
            String linkId = id + "." + (k + 1);
            if (k >= x.size()) {
                out.add(where + "task " + linkId + " added to the chain: " + summary(y.get(k)));
            } else if (k >= y.size()) {
                out.add(where + "task " + stage + "." + oldItem + "." + (k + 1) + " of the old chain removed: " + summary(x.get(k)));
            } else {
                compareTask(where + "task " + linkId + " " + label(y.get(k)) + ": ", x.get(k), y.get(k), out);
            }
        }
    }

    private static void compareTask(String where, JsonNode a, JsonNode b, List<String> out) {
        for (String key : keys(a, b)) {
            describe(where + (Task.RESERVED_KEYS.contains(key) || Task.ENGINE_KEYS.contains(key) ? "" : "argument "), key,
                    a.get(key), b.get(key), out);
        }
    }

    private static void describe(String where, String key, JsonNode a, JsonNode b, List<String> out) {
        if (a == null) {
            out.add(where + key + " added: " + b);
        } else if (b == null) {
            out.add(where + key + " removed (was " + a + ")");
        } else if (!a.equals(b)) {
            out.add(where + key + ": " + a + " → " + b);
        }
    }

    private static String label(JsonNode task) {
        String command = task.path("command").asText();
        String host = task.path("remote_host").asText("local");
        return "(" + command + " on " + host + ")";
    }

    private static String summary(JsonNode item) {
        if (item.isArray()) {
            List<String> links = new ArrayList<>();
            item.forEach(t -> links.add(t.path("command").asText()));
            return "chain of " + item.size() + " [" + String.join(", ", links) + "]" + (item.isEmpty() ? "" : " on " + item.get(0).path("remote_host").asText("local"));
        }
        return item.toString();
    }

    private static String countTasks(JsonNode stage) {
        int n = stage.path("tasks").size();
        return n + (n == 1 ? " task" : " tasks");
    }

    private static String names(List<JsonNode> stages, List<String> indices) {
        return String.join(", ", indices.stream().map(i -> stages.get(Integer.parseInt(i)).path("name").asText()).toList());
    }

    private static TreeSet<String> keys(JsonNode a, JsonNode b) {
        TreeSet<String> keys = new TreeSet<>();
        a.fieldNames().forEachRemaining(keys::add);
        b.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static Map<String, List<Integer>> byName(List<JsonNode> stages) {
        Map<String, List<Integer>> m = new LinkedHashMap<>();
        for (int i = 0; i < stages.size(); i++) {
            m.computeIfAbsent(stages.get(i).path("name").asText(), k -> new ArrayList<>()).add(i);
        }
        return m;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static String quote(String name) {
        return "'" + name + "'";
    }

    private static JsonNode canonical(Tasklist plan) {
        try {
            return MAPPER.readTree(TasklistWriter.toJson(plan));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read back the canonical JSON of a plan", e);
        }
    }
}
