package deployer.core.model;

/**
 * Stable id of a task in a tasklist, 1-based: {@code 2.5} is the fifth item of the second stage,
 * {@code 2.5.1} the first link of the chain at that position. Used in logs, results and the run journal.
 */
public record TaskId(int stage, int item, int link) implements Comparable<TaskId> {

    public static TaskId of(int stage, int item) {
        return new TaskId(stage, item, 0);
    }

    /** The inverse of {@link #toString()}: {@code 2.5} or {@code 2.5.1}. */
    public static TaskId parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("expected STAGE.ITEM or STAGE.ITEM.LINK, got '" + text + "'");
        }
        try {
            int stage = Integer.parseInt(parts[0]);
            int item = Integer.parseInt(parts[1]);
            int link = parts.length == 3 ? Integer.parseInt(parts[2]) : 0;
            if (stage < 1 || item < 1 || (parts.length == 3 && link < 1)) {
                throw new IllegalArgumentException("task ids count from 1, got '" + text + "'");
            }
            return new TaskId(stage, item, link);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected STAGE.ITEM or STAGE.ITEM.LINK, got '" + text + "'");
        }
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
