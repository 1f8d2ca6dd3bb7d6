package deployer.core.spi;

import java.time.Duration;

/**
 * What a command may leave running for the rest of its run: periodic actions (e.g. renewing a lock lease) that the
 * run stops when it ends, however it ends. Actions are keyed, so a later task of the same run (releasing the lock)
 * can stop what an earlier one (taking it) started.
 */
public interface RunScope {

    /** One repetition of a periodic action; an exception is logged and the next repetition still runs. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /**
     * Runs {@code action} every {@code period} (first after one period) until {@link #cancel} or the end of the run.
     * A second registration under the same key replaces the first.
     */
    void repeat(String key, Duration period, Action action);

    /** Stops the action registered under {@code key}; false if there was none. */
    boolean cancel(String key);

    /** For a command run outside of a run (tests, tools): nothing is repeated. */
    RunScope NONE = new RunScope() {
        @Override
        public void repeat(String key, Duration period, Action action) {
        }

        @Override
        public boolean cancel(String key) {
            return false;
        }
    };
}
