package deployer.core.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills {@value RunId#PLACEHOLDER} in every string argument of a tasklist with the executing run's id. A plan keeps
 * the placeholder (a saved or dumped plan is not tied to one execution), so running one saved plan twice, even at
 * once with {@code --no-lock}, still gives each execution its own temporary paths.
 */
public final class RunIdPlaceholder {

    private RunIdPlaceholder() {
    }

    public static Tasklist fill(Tasklist tasklist, RunId runId) {
        List<Stage> stages = new ArrayList<>();
        for (Stage s : tasklist.stages()) {
            List<StageItem> items = new ArrayList<>();
            for (StageItem item : s.items()) {
                if (item instanceof StageItem.Single single) {
                    items.add(StageItem.of(fill(single.task(), runId)));
                } else {
                    items.add(new Chain(item.links().stream().map(t -> fill(t, runId)).toList()));
                }
            }
            stages.add(s.withItems(items));
        }
        return tasklist.withStages(stages);
    }

    private static Task fill(Task t, RunId runId) {
        Map<String, Object> args = new LinkedHashMap<>();
        t.arguments().forEach((k, v) -> args.put(k, fill(v, runId)));
        return t.withArguments(args);
    }

    private static Object fill(Object v, RunId runId) {
        if (v instanceof String s) {
            return s.replace(RunId.PLACEHOLDER, runId.value());
        }
        if (v instanceof List<?> l) {
            return l.stream().map(x -> fill(x, runId)).toList();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), fill(x, runId)));
            return java.util.Collections.unmodifiableMap(out);
        }
        return v;
    }
}
