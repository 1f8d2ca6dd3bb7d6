package deployer.core.exec.policy;

import java.time.Duration;

/** What a failed attempt means for the run: the failure handler's answer, applied by the queue. */
public sealed interface Verdict {

    /** Run the task again after {@code delay}. */
    record Retry(Duration delay) implements Verdict {
    }

    /** The task failed for good; its lane ends; other lanes go on. */
    record Continue(String why) implements Verdict {
    }

    /** The task failed for good; the stage starts nothing new and the run ends failed. */
    record Stop(String why) implements Verdict {
    }

    /** The operator chose to skip the task (interactive mode): its lane goes on as if it had succeeded. */
    record Skip() implements Verdict {
    }
}
