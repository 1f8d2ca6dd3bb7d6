package deployer.core.model;

/**
 * Stable id of a task in a tasklist, 1-based: {@code 2.5} is the fifth item of the second stage,
 * {@code 2.5.1} the first link of the chain at that position. Used in logs, results and (later) the run journal.
 */
public record TaskId(int stage, int item, int link) implements Comparable<TaskId> {

    public static TaskId of(int stage, int item) {
        return new TaskId(stage, item, 0);
    }

    public boolean isChainLink() {
        return link > 0;
    }

    @Override
    public int compareTo(TaskId o) {
        int c = Integer.compare(stage, o.stage);
        if (c == 0) c = Integer.compare(item, o.item);
        return c != 0 ? c : Integer.compare(link, o.link);
    }

    @Override
    public String toString() {
        return link > 0 ? stage + "." + item + "." + link : stage + "." + item;
    }
}
