package deployer.core.exec;

import deployer.core.model.RunId;

import java.util.Optional;

/**
 * One run of a validated plan: started once, then awaited for its report. {@link #stop()} and {@link #abort()} are
 * what a first and a second Ctrl-C do. Each run holds its own state; any number may run in one JVM at once.
 */
public interface Run {

    RunId id();

    ValidatedPlan plan();

    /** Starts the run on a thread of its own and returns at once. */
    Run start();

    /** Waits for the end of the run (a Ctrl-C does not cut the wait short: it stops the run, which then ends). */
    RunReport await();

    /** The report, once the run has ended. */
    Optional<RunReport> report();

    /**
     * First Ctrl-C: start nothing new; running tasks and chains under way finish. A finishing ({@code always}) stage
     * under way is not stopped: it is what a stopped run still has to do.
     */
    void stop();

    /** Second Ctrl-C: start nothing; interrupt running commands and close connections; the finishing stages still run. */
    void abort();
}
