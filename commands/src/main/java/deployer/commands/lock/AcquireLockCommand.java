package deployer.commands.lock;

import deployer.core.spi.CommandArgument;
import static deployer.core.spi.CommandArgument.Type.*;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

import deployer.commands.support.Failures;
import deployer.commands.support.Poller;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import deployer.core.spi.Operator;
import deployer.core.spi.RemoteHost;
import org.slf4j.Logger;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Takes this run's lease on a deploy lock: the directory {@code path} on the host, made with {@code mkdir} (atomic),
 * holding the run id, operator, pid, start and expiry. While the run lives the lease is renewed every third of its
 * {@code ttl}; {@code release_lock} gives it back. A lock held by another run fails the task (LOCKED) naming the
 * holder, or is waited for up to {@code wait} seconds; a lease past its expiry is taken over with a warning.
 */
public final class AcquireLockCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = List.of(required("path", STRING, "the lock directory, e.g. `<install_location>/.deploy-lock.<service>`"), optional("ttl", WHOLE, 600, "lease seconds, 3–86400"), optional("wait", WHOLE, 0, "seconds to wait for another run's lock, 0–86400"));

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "takes this run's lease: `mkdir path` (atomic) with a `lease` file inside (run id, operator `user@controller`, pid, start and expiry, by the host's clock); renews it every ttl/3 while the run lives; another run's lock fails the task (`LOCKED`) naming the holder, or is polled for up to `wait` s; an expired lease is taken over with a WARN naming the old holder";
    }

    /** The lock commands' own failure reason: core's engine knows nothing of locks. */
    public static final FailureReason LOCKED = FailureReason.of("LOCKED",
            "Another run holds the host's deploy lock (and did not release it within the wait allowed).");

    static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    static final long MIN_TTL_SECONDS = 3;
    static final long MAX_SECONDS = 86_400;
    private static final String DIED = "that run died holding the lock";
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    /** Between mkdir and the lease's rename another run's lock has no lease yet: look again this often. */
    private static final int HALF_WRITTEN_RETRIES = 20;

    private String path;
    private long ttl;
    private long wait;

    @Override
    public String name() {
        return "acquire_lock";
    }

    /** A lease belongs to a live run: a resumed run takes (and gives back) its own, whatever the journal says. */
    @Override
    public boolean rerunOnResume() {
        return true;
    }

    @Override
    public String describe() {
        return "take the deploy lock " + path;
    }

    @Override
    public void initialize(Arguments args) {
        path = LeaseScripts.lockPath(args);
        ttl = args.integer("ttl", DEFAULT_TTL.toSeconds());
        if (ttl < MIN_TTL_SECONDS || ttl > MAX_SECONDS) {
            args.problem("argument 'ttl': expected seconds from " + MIN_TTL_SECONDS + " to " + MAX_SECONDS + ", got " + ttl);
        }
        wait = args.integer("wait", 0);
        if (wait < 0 || wait > MAX_SECONDS) {
            args.problem("argument 'wait': expected seconds from 0 to " + MAX_SECONDS + ", got " + wait);
        }
    }

    /** The run scope's key for this lease's renewal, shared with {@code release_lock}. */
    static String renewalKey(CommandContext context, String path) {
        return "lease " + context.host().name() + ":" + path;
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        Attempt first = attempt(context);
        Attempt last = first;
        Duration waited = Duration.ZERO;
        if (!first.acquired() && first.failure() == null && wait > 0) {
            Attempt[] seen = {first};
            Poller.Outcome o = new Poller().poll(context, "the deploy lock " + path + " (" + first.detail() + ")",
                    Duration.ofSeconds(wait), POLL_INTERVAL, remaining -> {
                        seen[0] = attempt(context);
                        return new Poller.Probe(seen[0].acquired() || seen[0].failure() != null, seen[0].detail(), List.of());
                    });
            last = seen[0];
            waited = o.waited();
            if (o.state() == Poller.Outcome.State.STOPPED) {
                return o.failure("the deploy lock " + path);
            }
        }
        if (last.failure() != null) {
            return last.failure();
        }
        if (!last.acquired()) {
            return CommandResult.failed(LOCKED, "deploy lock " + path + " is held by " + last.detail()
                    + (wait > 0 ? "; waited " + wait + " s" : "")
                    + (last.detail().contains(DIED) ? "" : "; wait for it with --lock-wait SECONDS, or ask its holder"));
        }
        if (waited.toSeconds() >= 1) {
            context.log().warn("Waited {} s for the deploy lock {}: this plan was made before, from the versions then installed",
                    waited.toSeconds(), path);
        }
        startRenewal(context);
        return CommandResult.changed("took the deploy lock " + path + " for run " + context.runId()
                + " (lease " + ttl + " s, renewed every " + renewEvery().toSeconds() + " s)");
    }

    /** One try: taken, held by another (with who), or a failure of the host or the script. */
    private record Attempt(boolean acquired, String detail, CommandResult failure) {
    }

    private Attempt attempt(CommandContext context) throws HostException, InterruptedException {
        String script = LeaseScripts.tryAcquire(path, context.runId(), Operator.current(), ProcessHandle.current().pid(), ttl);
        for (int i = 0; ; i++) {
            ExecResult r = LeaseScripts.run(context, script);
            if (!r.succeeded()) {
                return new Attempt(false, "", Failures.of("taking the deploy lock " + path, r));
            }
            List<String> lines = Arrays.asList(r.stdout().strip().split("\n"));
            String status = lines.get(0).strip();
            if (status.equals(LeaseScripts.ACQUIRED)) {
                return new Attempt(true, "", null);
            }
            long now = Long.parseLong(lines.get(1).substring("now=".length()).strip());
            Lease lease = status.equals(LeaseScripts.HELD) ? Lease.parse(lines.subList(2, lines.size())) : null;
            if (lease == null) {
                // Another run between its mkdir and its lease's rename, or one that died right there.
                if (i < HALF_WRITTEN_RETRIES) {
                    Thread.sleep(100);
                    continue;
                }
                return new Attempt(false, "a run whose lease file is missing (it may have died while taking the lock;"
                        + " if no deploy runs, remove " + path + ")", null);
            }
            if (lease.runId().equals(context.runId().value())) {
                return new Attempt(true, "", null);
            }
            if (!lease.expiredAt(now)) {
                return new Attempt(false, lease.holder() + ", from " + hostOf(lease.operator())
                        + " (lease expires in " + (lease.expires() - now) + " s)" + deadHolder(lease), null);
            }
            context.log().warn("Taking over the deploy lock {}: its lease expired {} s ago; it was held by {}",
                    path, now - lease.expires(), lease.holder());
            ExecResult t = LeaseScripts.run(context, LeaseScripts.takeOver(path, context.runId(), lease));
            if (!t.succeeded()) {
                return new Attempt(false, "", Failures.of("taking over the expired deploy lock " + path, t));
            }
        }
    }

    /**
     * When the holder ran on this very machine and its pid is gone, the run died (kill -9, a crash) and its lease only
     * waits to expire: say so, and how to go on (as Kamal's "kamal lock release"). Elsewhere nobody here can know.
     */
    static String deadHolder(Lease lease) {
        if (!hostOf(lease.operator()).equals(Operator.current().host())) {
            return "";
        }
        long pid;
        try {
            pid = Long.parseLong(lease.pid());
        } catch (NumberFormatException e) {
            return "";
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return "";
        }
        return "; pid " + pid + " is not running on this machine (" + Operator.current().host() + "): " + DIED + ". Resume it with the 'Resume with:' command it printed (deploy --tasklist PLAN --resume JOURNAL, the"
                + " files named deploy_" + lease.runId() + ".*), or remove its locks with: deploy lock release --config FILE";
    }

    private static String hostOf(String operator) {
        int at = operator.lastIndexOf('@');
        return at < 0 ? operator : operator.substring(at + 1);
    }

    private Duration renewEvery() {
        return Duration.ofSeconds(Math.max(1, ttl / 3));
    }

    /** Renews on the run's scope; a lease found taken by another run is reported and no longer renewed. */
    private void startRenewal(CommandContext context) {
        RemoteHost host = context.host();
        Logger log = context.log();
        String hostName = host.name();
        String tag = context.tag();
        String key = renewalKey(context, path);
        String script = LeaseScripts.renew(path, context.runId(), ttl);
        context.scope().repeat(key, renewEvery(), () -> {
            try (MDC.MDCCloseable h = MDC.putCloseable("host", hostName);
                 MDC.MDCCloseable g = MDC.putCloseable("tag", tag == null ? "*" : tag)) {
                ExecResult r = host.execute(script, deployer.core.spi.ExecOptions.DEFAULT.withTimeout(renewEvery()));
                String out = r.stdout().strip();
                if (r.succeeded() && out.startsWith(LeaseScripts.RENEWED)) {
                    log.debug("Renewed the deploy lock {}", path);
                } else if (r.succeeded() && out.startsWith(LeaseScripts.LOST)) {
                    List<String> lines = Arrays.asList(out.split("\n"));
                    Lease now = Lease.parse(lines.subList(1, lines.size()));
                    log.error("Lost the deploy lock {}: {}; no longer renewing it", path,
                            now == null ? "it is gone" : "it is now held by " + now.holder());
                    context.scope().cancel(key);
                } else {
                    log.warn("Could not renew the deploy lock {} (exit status {}): {}", path, r.exitStatus(), r.stderrTail());
                }
            }
        });
    }
}
