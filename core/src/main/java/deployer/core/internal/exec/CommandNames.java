package deployer.core.internal.exec;

import deployer.core.model.Chain;
import deployer.core.model.Problem;
import deployer.core.model.Stage;
import deployer.core.model.StageItem;
import deployer.core.model.Task;
import deployer.core.model.TaskId;
import deployer.core.model.Tasklist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the current name of every renamed command into a plan, so that a plan saved before a rename still runs and
 * what is dumped or saved from it has the new names. Each former name in use gets one deprecation warning per plan,
 * naming the first task that uses it and the new name.
 */
public final class CommandNames {

    /** @param warnings one per former name the plan used, in the order of their first task */
    public record Renamed(Tasklist tasklist, List<Problem> warnings) {
    }

    private CommandNames() {
    }

    public static Renamed current(Tasklist tasklist, CommandRegistry commands) {
        Map<String, Use> uses = new LinkedHashMap<>();
        List<Stage> stages = new ArrayList<>();
        for (int s = 0; s < tasklist.stages().size(); s++) {
            Stage stage = tasklist.stages().get(s);
            List<StageItem> items = new ArrayList<>();
            for (int i = 0; i < stage.items().size(); i++) {
                StageItem item = stage.items().get(i);
                List<Task> links = new ArrayList<>();
                for (int l = 0; l < item.links().size(); l++) {
                    TaskId id = new TaskId(s + 1, i + 1, item instanceof StageItem.Single ? 0 : l + 1);
                    links.add(renamed(item.links().get(l), id, commands, uses));
                }
                items.add(item instanceof StageItem.Single ? StageItem.of(links.get(0)) : new Chain(links));
            }
            stages.add(stage.withItems(items));
        }
        if (uses.isEmpty()) {
            return new Renamed(tasklist, List.of());
        }
        List<Problem> warnings = uses.values().stream().map(Use::warning).toList();
        return new Renamed(tasklist.withStages(stages), warnings);
    }

    private static Task renamed(Task task, TaskId id, CommandRegistry commands, Map<String, Use> uses) {
        String now = commands.currentName(task.command()).orElse(task.command());
        if (now.equals(task.command())) {
            return task;
        }
        uses.computeIfAbsent(task.command(), old -> new Use(old, now, task.location() + " task " + id)).count++;
        return task.withCommand(now);
    }

    private static final class Use {
        private final String old;
        private final String now;
        private final String firstTask;
        private int count;

        Use(String old, String now, String firstTask) {
            this.old = old;
            this.now = now;
            this.firstTask = firstTask;
        }

        Problem warning() {
            return new Problem(firstTask, "command '" + old + "' is now called '" + now + "' (" + count
                    + (count == 1 ? " task of this plan uses" : " tasks of this plan use") + " the old name);"
                    + " the old name still works but is deprecated: a saved or dumped plan has the new one");
        }
    }
}
