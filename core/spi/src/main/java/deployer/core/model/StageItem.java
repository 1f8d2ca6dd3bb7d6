package deployer.core.model;

import java.util.List;

/** What a stage's {@code tasks} list holds: a single task or a chain of tasks run in order. */
public sealed interface StageItem permits StageItem.Single, Chain {

    /** The tasks of this item in the order they run. */
    List<Task> links();

    record Single(Task task) implements StageItem {
        @Override
        public List<Task> links() {
            return List.of(task);
        }
    }

    static StageItem of(Task task) {
        return new Single(task);
    }
}
