package deployer.core.spi;

import deployer.core.model.TaskId;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a task can know of its run so far: when it started, how it stands and how many tasks ended how. Hooks and
 * notifications that run at the end of a run (finishing stages) report from it what really happened.
 */
public interface RunProgress {

    /** When the run started. */
    Instant started();

    /**
     * How the run stands so far, from the tasks that have ended and the Ctrl-Cs: {@code succeeded} (nothing failed
     * yet), {@code failed}, {@code stopped} or {@code aborted} — the words of the run's final status.
     */
    String status();

    /** How many tasks have ended so far, by status ({@code succeeded}, {@code failed}, {@code skipped}, …). */
    Map<String, Long> counts();

    /**
     * Every task that has failed so far, in the order they ended: a finishing stage's task decides from them what the
     * run's failure was (an automatic rollback is not taken after an operator's abort at a gate, and stops at a
     * failure of its own).
     */
    default List<Failure> failures() {
        return List.of();
    }

    /** Whether an operator has stopped or aborted the run so far (Ctrl-C, TERM), whatever failed besides. */
    default boolean stopRequested() {
        return false;
    }

    /**
     * A task that failed.
     *
     * @param finishing it ran in a finishing stage ({@code always} or {@code when: failed}), not in the run's own work
     */
    record Failure(TaskId task, String command, String host, FailureReason reason, boolean finishing) {
        @Override
        public String toString() {
            return task + " " + command + " on " + host + ": " + reason.name() + (finishing ? " (finishing)" : "");
        }
    }

    /** For a command run outside of a run (tests, tools): started now, nothing ended. */
    static RunProgress none() {
        Instant now = Instant.now();
        return new RunProgress() {
            @Override
            public Instant started() {
                return now;
            }

            @Override
            public String status() {
                return "succeeded";
            }

            @Override
            public Map<String, Long> counts() {
                return Map.of();
            }
        };
    }
}
