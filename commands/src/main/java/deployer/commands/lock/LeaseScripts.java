package deployer.commands.lock;

import deployer.commands.support.PathArguments;
import deployer.core.model.RunId;
import deployer.core.spi.Arguments;
import deployer.core.spi.CommandContext;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.HostException;
import deployer.core.spi.Operator;

import static deployer.core.spi.Shell.quote;

/**
 * The shell lines that take, renew and give back a lease on the host. Taking is {@code mkdir} of the lock
 * directory: atomic on every POSIX filesystem, so of two runs exactly one succeeds. Each script prints one status
 * word on its first line, then (when another run holds the lock) that run's lease.
 */
final class LeaseScripts {

    static final String ACQUIRED = "ACQUIRED";
    static final String HELD = "HELD";
    static final String NO_LEASE = "NOLEASE";
    static final String RENEWED = "RENEWED";
    static final String LOST = "LOST";
    static final String RELEASED = "RELEASED";
    static final String ABSENT = "ABSENT";
    static final String NOT_OURS = "NOTOURS";

    private LeaseScripts() {
    }

    /** Runs a script without logging its output lines: they are a protocol (status word, lease), not news. */
    /** The {@code path} argument both lock commands take: the lock directory, never the root. */
    static String lockPath(Arguments args) {
        String path = PathArguments.required(args, "path");
        if (path != null && PathArguments.isRoot(path)) {
            args.problem("argument 'path': '" + path + "' cannot be a lock directory");
        }
        return path;
    }

    static ExecResult run(CommandContext context, String script) throws HostException, InterruptedException {
        context.log().debug("Running: {}", script);
        return context.host().execute(script, ExecOptions.DEFAULT);
    }

    private static String head(String dir, RunId runId) {
        return "d=" + quote(dir) + "; f=\"$d/" + Lease.FILE + "\"; rid=" + quote(runId.value()) + "; now=$(date +%s)\n";
    }

    /**
     * Takes the lock if it is free; else prints {@code HELD}, the host's time ({@code now=…}) and the holder's lease.
     * The lease is written beside and renamed into place, so a reader never sees half of one.
     */
    static String tryAcquire(String dir, RunId runId, Operator operator, long pid, long ttlSeconds) {
        return head(dir, runId)
                + "mkdir -p -- \"$(dirname -- \"$d\")\" || exit 1\n"
                + "if mkdir -- \"$d\" 2>/dev/null; then\n"
                + "  printf 'run_id=%s\\noperator=%s\\npid=%s\\nstarted=%s\\nexpires=%s\\n' \"$rid\" " + quote(operator.toString())
                + " " + pid + " \"$now\" \"$((now + " + ttlSeconds + "))\" > \"$f.$rid\" && mv -f -- \"$f.$rid\" \"$f\" || exit 1\n"
                + "  echo " + ACQUIRED + "; exit 0\n"
                + "fi\n"
                + "[ -d \"$d\" ] || { echo \"cannot create lock directory $d\" >&2; exit 1; }\n"
                + "if [ -f \"$f\" ]; then echo " + HELD + "; echo \"now=$now\"; cat -- \"$f\"; else echo " + NO_LEASE + "; echo \"now=$now\"; fi\n";
    }

    /**
     * Removes an expired lease so that the next {@link #tryAcquire} can take the lock: renamed away first (atomic, so
     * of two runs taking over only one removes it), and only if it is still the lease judged expired.
     */
    static String takeOver(String dir, RunId runId, Lease expired) {
        return head(dir, runId)
                + "s=\"$d.stale.$rid\"\n"
                + "grep -qx " + quote("run_id=" + expired.runId()) + " \"$f\" 2>/dev/null"
                + " && grep -qx " + quote("expires=" + expired.expires()) + " \"$f\" 2>/dev/null"
                + " && mv -- \"$d\" \"$s\" 2>/dev/null && rm -rf -- \"$s\"\n"
                + "exit 0\n";
    }

    /** Moves the lease's expiry forward if the lease is still this run's; else {@code LOST} and who holds it now. */
    static String renew(String dir, RunId runId, long ttlSeconds) {
        return head(dir, runId)
                + "if grep -qx \"run_id=$rid\" \"$f\" 2>/dev/null; then\n"
                + "  sed \"s/^expires=.*/expires=$((now + " + ttlSeconds + "))/\" \"$f\" > \"$f.$rid\" && mv -f -- \"$f.$rid\" \"$f\" || exit 1\n"
                + "  echo " + RENEWED + "\n"
                + "else echo " + LOST + "; cat -- \"$f\" 2>/dev/null; fi\n";
    }

    /**
     * Removes the lock whoever holds it ({@code deploy lock release}, after a run died holding it): prints
     * {@code RELEASED} and the lease it removed, or {@code ABSENT}.
     */
    static String forceRelease(String dir, RunId runId) {
        return head(dir, runId)
                + "if [ ! -e \"$d\" ]; then echo " + ABSENT + "; exit 0; fi\n"
                + "echo " + RELEASED + "; cat -- \"$f\" 2>/dev/null; rm -rf -- \"$d\" || exit 1\n";
    }

    /** Removes the lock if this run holds it; a lock held by another run is left alone ({@code NOTOURS}). */
    static String release(String dir, RunId runId) {
        return head(dir, runId)
                + "if [ ! -e \"$d\" ]; then echo " + ABSENT + "; exit 0; fi\n"
                + "if grep -qx \"run_id=$rid\" \"$f\" 2>/dev/null; then rm -rf -- \"$d\" || exit 1; echo " + RELEASED + "; exit 0; fi\n"
                + "echo " + NOT_OURS + "; cat -- \"$f\" 2>/dev/null; exit 0\n";
    }
}
