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
    private final RunProgress progress;
    private final Hosts hosts;
    private final Secrets secrets;
    private final boolean dryRun;

    /**
     * @param redaction masks the task's sensitive values in the lines this context logs
     * @param progress  how the run stands so far (hooks and notifications report it), or null
     * @param hosts     the run's other hosts, for a command that acts on more than its own (a stream between two),
     *                  or null for none
     * @param secrets   the secrets of the run's environment, or null ({@link Secrets#NONE}) without one
     */
    public CommandContext(TaskId id, String tag, RemoteHost host, Logger log, BooleanSupplier stopRequested,
                          RunId runId, RunScope scope, Redaction redaction, RunProgress progress, Hosts hosts, Secrets secrets) {
        this(id, tag, host, log, stopRequested, runId, scope, redaction, progress, hosts, secrets, false);
    }

    private CommandContext(TaskId id, String tag, RemoteHost host, Logger log, BooleanSupplier stopRequested, RunId runId,
                           RunScope scope, Redaction redaction, RunProgress progress, Hosts hosts, Secrets secrets, boolean dryRun) {
        this.dryRun = dryRun;
        this.hosts = hosts == null ? NO_OTHER_HOSTS : hosts;
        this.secrets = secrets == null ? Secrets.NONE : secrets;
        this.id = id;
        this.tag = tag;
        this.host = host;
        this.log = log;
        this.stopRequested = stopRequested;
        this.runId = runId;
        this.scope = scope;
        this.redaction = redaction;
        this.progress = progress == null ? RunProgress.none() : progress;
    }

    public CommandContext(TaskId id, String tag, RemoteHost host, Logger log, BooleanSupplier stopRequested,
                          RunId runId, RunScope scope, Redaction redaction) {
        this(id, tag, host, log, stopRequested, runId, scope, redaction, null, null, null);
    }

    /** Outside of a run (tests, tools): a fresh run id, a scope that repeats nothing, nothing to mask. */
    public CommandContext(TaskId id, String tag, RemoteHost host, Logger log, BooleanSupplier stopRequested) {
        this(id, tag, host, log, stopRequested, RunId.create(), RunScope.NONE, Redaction.NONE);
    }

    private static final Hosts NO_OTHER_HOSTS = (address, user) -> {
        throw new IllegalStateException("this context reaches no host but its own");
    };

    /**
     * The run's hosts, over the run's own connections (shared, never closed by a command): for a command that acts
     * on hosts named in its arguments as well as, or instead of, the task's own.
     */
    public Hosts hosts() {
        return hosts;
    }

    /** The same context in a dry run: see {@link #dryRun()}. */
    public CommandContext asDryRun() {
        return new CommandContext(id, tag, host, log, stopRequested, runId, scope, redaction, progress, hosts, secrets, true);
    }

    /**
     * True in a dry run ({@code deploy --dry-run --diff}): the command may read the host but must change nothing,
     * and returns what it would change as its result's message. Only commands that {@link Command#previews() preview}
     * are run so.
     */
    public boolean dryRun() {
        return dryRun;
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

    /** How the run stands so far: its start, its status, its counts of ended tasks. */
    public RunProgress progress() {
        return progress;
    }

    /**
     * The secrets of the run's environment, for text a command renders itself (a config template):
     * {@code context.secrets().resolve(text)} fills in its {@code ${secret:NAME}} references. The task's own
     * arguments arrive with theirs filled in already. Everything written about the task should go through
     * {@link #redaction()}, which masks the values of the references the task's arguments hold; a command that
     * resolves more should mask with {@code redaction().plus(values)}.
     */
    public Secrets secrets() {
        return secrets;
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

    /**
     * Runs a command line on {@code on} (the task's host or one of {@link #hosts()}) with its stdin and stdout wired to
     * streams (see {@link RemoteHost#execute(String, ExecOptions, java.io.InputStream, java.io.OutputStream)}),
     * logging its stderr lines under that host's name (at WARN: the stream's own output goes to the other side).
     */
    public ExecResult runStreaming(RemoteHost on, String commandLine, ExecOptions options, java.io.InputStream stdin,
                                   java.io.OutputStream stdout) throws HostException, InterruptedException {
        if (log.isDebugEnabled()) {
            log.debug("Running on {} (streamed): {}", on.name(), redaction.mask(commandLine));
        }
        return on.execute(commandLine, options.withOutput(loggingListener(on.name(), options.output(), true)), stdin, stdout);
    }

    private OutputListener loggingListener(OutputListener next, boolean shown) {
        return loggingListener(host.name(), next, shown);
    }

    private OutputListener loggingListener(String hostName, OutputListener next, boolean shown) {
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
