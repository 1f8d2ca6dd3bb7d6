package deployer.core.spi;

import java.time.Instant;
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
