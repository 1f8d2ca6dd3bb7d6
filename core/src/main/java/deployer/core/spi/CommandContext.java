package deployer.core.spi;

import deployer.core.model.Redaction;
import deployer.core.model.RunId;
import deployer.core.model.TaskId;
import org.slf4j.Logger;
import org.slf4j.MDC;

import java.util.function.BooleanSupplier;

/**
 * What a command's {@code execute} works with: its host, its logger, a way to run command lines there, and its
 * run (the run's id, and a {@link RunScope} for work that lasts as long as the run).
 */
public final class CommandContext {

    private final TaskId id;
    private final String tag;
    private final RemoteHost host;
    private final Logger log;
    private final BooleanSupplier stopRequested;
    private final RunId runId;
    private final RunScope scope;
    private final Redaction redaction;

    /** @param redaction masks the task's sensitive values in the lines this context logs */
    public CommandContext(TaskId id, String tag, RemoteHost host, Logger log, BooleanSupplier stopRequested,
                          RunId runId, RunScope scope, Redaction redaction) {
        this.id = id;
        this.tag = tag;
        this.host = host;
        this.log = log;
        this.stopRequested = stopRequested;
        this.runId = runId;
        this.scope = scope;
        this.redaction = redaction;
    }

    /** Outside of a run (tests, tools): a fresh run id, a scope that repeats nothing, nothing to mask. */
    public CommandContext(TaskId id, String tag, RemoteHost host, Logger log, BooleanSupplier stopRequested) {
        this(id, tag, host, log, stopRequested, RunId.create(), RunScope.NONE, Redaction.NONE);
    }

    public TaskId id() {
        return id;
    }

    public String tag() {
        return tag;
    }

    public RemoteHost host() {
        return host;
    }

    public Logger log() {
        return log;
    }

    /** The id of the run this task belongs to. */
    public RunId runId() {
        return runId;
    }

    /** Work that lasts as long as the run (periodic lease renewal), stopped when the run ends. */
    public RunScope scope() {
        return scope;
    }

    /** Masks this task's sensitive values: use it on anything a command puts into a message or a log line. */
    public Redaction redaction() {
        return redaction;
    }

    /**
     * True once the run is being aborted (a second Ctrl-C or TERM); long polling loops should give up early. A first
     * Ctrl-C does not count: running tasks finish then, waits included, so that a chain under way (stop, start,
     * health check, back into the load balancer) does not leave its host down.
     */
    public boolean stopRequested() {
        return stopRequested.getAsBoolean();
    }

    /**
     * Runs a command line on the task's host. Its output lines are logged at DEBUG: what a helper script prints (a pid,
     * "switched", a directory listing) is raw material for the command, which says what happened in its own sentence
     * (its result's message); a failure shows the last stderr lines with the task's FAILED line and in the recap.
     */
    public ExecResult run(String commandLine) throws HostException, InterruptedException {
        return run(commandLine, ExecOptions.DEFAULT);
    }

    public ExecResult run(String commandLine, ExecOptions options) throws HostException, InterruptedException {
        return run(commandLine, options, false);
    }

    /**
     * Runs a command line whose output is what the user asked for (an ad-hoc {@code execute_command}): its lines are
     * logged as they come, stdout at INFO and stderr at WARN, not at DEBUG as a helper script's.
     */
    public ExecResult runShown(String commandLine, ExecOptions options) throws HostException, InterruptedException {
        return run(commandLine, options, true);
    }

    private ExecResult run(String commandLine, ExecOptions options, boolean shown) throws HostException, InterruptedException {
        if (log.isDebugEnabled()) {
            log.debug("Running: {}", redaction.mask(commandLine));
        }
        OutputListener logging = loggingListener(options.output(), shown);
        return host.execute(commandLine, options.withOutput(logging));
    }

    private OutputListener loggingListener(OutputListener next, boolean shown) {
        String hostName = host.name();
        String tagName = tag;
        // Output arrives on the host's reader threads: give them this task's host and tag for the log line.
        return (line, stderr) -> {
            try (MDC.MDCCloseable h = MDC.putCloseable("host", hostName);
                 MDC.MDCCloseable t = tagName == null ? null : MDC.putCloseable("tag", tagName)) {
                if (shown && stderr) {
                    log.warn("{}", redaction.outputLine(line));
                } else if (shown) {
                    log.info("{}", redaction.outputLine(line));
                } else if (log.isDebugEnabled()) {
                    log.debug("{} {}", stderr ? "stderr:" : "stdout:", redaction.outputLine(line));
                }
            }
            next.line(line, stderr);
        };
    }
}
