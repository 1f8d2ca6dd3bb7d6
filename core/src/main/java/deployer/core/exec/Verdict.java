package deployer.core.exec;

import java.time.Duration;

/**
 * What a failed attempt means for the run: the failure handler's answer, applied by the queue. A verdict the
 * operator gave (interactive mode) carries a {@link #note()}, which the task's result and the journal then show.
 */
public sealed interface Verdict {

    /** Who decided and how, when it was not the tasklist's policy ("retried by the operator"); null otherwise. */
    default String note() {
        return null;
    }

    /** Run the task again after {@code delay}. */
    record Retry(Duration delay, String note) implements Verdict {
        public Retry(Duration delay) {
            this(delay, null);
        }
    }

    /** The task failed for good; its lane ends; other lanes go on. */
    record Continue(String why) implements Verdict {
    }

    /** The task failed for good; the stage starts nothing new and the run ends failed. */
    record Stop(String why, String note) implements Verdict {
        public Stop(String why) {
            this(why, null);
        }
    }

    /** The operator chose to skip the task (interactive mode): it ends SKIPPED and its lane goes on. */
    record Skip(String note) implements Verdict {
        public Skip() {
            this(null);
        }
    }
}
