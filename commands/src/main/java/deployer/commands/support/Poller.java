package deployer.commands.support;

import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Repeats a check until it reports the wanted state, the time is up, or the run is stopping. Writes a progress
 * line every 30 s so a long wait never looks like a hang.
 */
public final class Poller {

    public static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);
    /** The longest single sleep, so a stop request is noticed quickly even with a long interval. */
    private static final Duration SLICE = Duration.ofMillis(200);

    /** One look at the state. */
    @FunctionalInterface
    public interface Check {
        /** @param remaining time left until the deadline, to bound the check itself */
        Probe probe(Duration remaining) throws HostException, InterruptedException;
    }

    /** What one look found: whether the wanted state is reached, a short description, and output worth showing. */
    public record Probe(boolean reached, String detail, List<String> outputTail) {
        public Probe {
            outputTail = List.copyOf(outputTail);
        }
    }

    /** How the wait ended, with the last look. */
    public record Outcome(State state, Probe last, Duration waited) {
        public enum State { REACHED, TIMED_OUT, STOPPED }

        public boolean reached() {
            return state == State.REACHED;
        }

        /** A failed result for a wait that did not reach {@code what}; the caller checks {@link #reached()} first. */
        public CommandResult failure(String what) {
            String lastCheck = last.detail().isEmpty() ? "" : "; last check: " + last.detail();
            return state == State.STOPPED
                    ? CommandResult.failed(FailureReason.INTERRUPTED, "stopped waiting for " + what + " after "
                            + seconds(waited) + " s: the run is stopping" + lastCheck, last.outputTail())
                    : CommandResult.failed(FailureReason.TIMEOUT, what + " not reached within " + seconds(waited)
                            + " s" + lastCheck, last.outputTail());
        }
    }

    /** Sleeping, replaceable so tests can run a 60 s wait on a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final Duration progressEvery;

    public Poller() {
        this(System::nanoTime, d -> Thread.sleep(d.toMillis()), PROGRESS_EVERY);
    }

    public Poller(LongSupplier nanoTime, Sleeper sleeper, Duration progressEvery) {
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.progressEvery = progressEvery;
    }

    /**
     * Checks at once, then every {@code interval} until {@code check} reaches the state or {@code timeout} has
     * passed (at least one check always runs). A host failure inside a check ends the wait with that exception:
     * an unreachable host is never read as a state.
     */
    public Outcome poll(CommandContext context, String what, Duration timeout, Duration interval, Check check)
            throws HostException, InterruptedException {
        long start = nanoTime.getAsLong();
        long deadline = start + timeout.toNanos();
        long nextProgress = start + progressEvery.toNanos();
        context.log().info("Waiting up to {} s for {}", seconds(timeout), what);
        while (true) {
            Probe probe = check.probe(Duration.ofNanos(Math.max(0, deadline - nanoTime.getAsLong())));
            long now = nanoTime.getAsLong();
            Duration waited = Duration.ofNanos(now - start);
            if (probe.reached()) {
                context.log().info("Reached {} after {} s", what, seconds(waited));
                return new Outcome(Outcome.State.REACHED, probe, waited);
            }
            if (now - deadline >= 0) {
                return new Outcome(Outcome.State.TIMED_OUT, probe, waited);
            }
            if (now - nextProgress >= 0) {
                context.log().info("Still waiting for {}: {} s of {} s ({})", what, seconds(waited), seconds(timeout),
                        probe.detail());
                nextProgress += progressEvery.toNanos();
            }
            if (!sleepUntilNextCheck(context, Math.min(interval.toNanos(), deadline - now))) {
                return new Outcome(Outcome.State.STOPPED, probe, Duration.ofNanos(nanoTime.getAsLong() - start));
            }
        }
    }

    /** Sleeps in slices; false when the run asked to stop meanwhile. */
    private boolean sleepUntilNextCheck(CommandContext context, long nanos) throws InterruptedException {
        long left = Math.max(nanos, 1_000_000);
        while (left > 0) {
            if (context.stopRequested()) {
                return false;
            }
            long slice = Math.min(left, SLICE.toNanos());
            sleeper.sleep(Duration.ofNanos(slice));
            left -= slice;
        }
        return !context.stopRequested();
    }

    private static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0);
    }
}
