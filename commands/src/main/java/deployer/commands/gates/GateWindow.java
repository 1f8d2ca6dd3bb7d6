package deployer.commands.gates;

import deployer.core.spi.CommandContext;
import deployer.core.spi.HostException;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A gate's window: look at once, then every {@code every} until {@code length} has passed, and once more at its end
 * (so at least twice); the first miss ends it.
 * The opposite of {@link deployer.commands.support.Poller}, which waits for a state to be reached: a gate wants the
 * state to hold the whole time. Logs a line a minute so a long window never looks like a hang, and ends early when
 * the run is stopping (a first Ctrl-C included: nothing after a gate would run anyway).
 */
final class GateWindow {

    static final Duration LOG_EVERY = Duration.ofMinutes(1);
    /** The longest single sleep, so a stop is noticed quickly even with a long interval. */
    private static final Duration SLICE = Duration.ofMillis(200);

    /** One look: null when all is as wanted, else what was wrong. */
    @FunctionalInterface
    interface Look {
        String look() throws HostException, InterruptedException;
    }

    /** How the window ended: held, missed (with what was wrong) or stopped, after {@code looks} looks. */
    record Outcome(State state, String miss, int looks, Duration elapsed) {
        enum State { HELD, MISSED, STOPPED }
    }

    /** Sleeping, replaceable so tests run a window on a fake clock. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    GateWindow() {
        this(System::nanoTime, d -> Thread.sleep(d.toMillis()));
    }

    GateWindow(LongSupplier nanoTime, Sleeper sleeper) {
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    Outcome hold(CommandContext context, String what, Duration every, Duration length, Look look)
            throws HostException, InterruptedException {
        long start = nanoTime.getAsLong();
        long end = start + length.toNanos();
        long nextLog = start + LOG_EVERY.toNanos();
        int looks = 0;
        while (true) {
            String miss = look.look();
            looks++;
            long now = nanoTime.getAsLong();
            if (miss != null) {
                return new Outcome(Outcome.State.MISSED, miss, looks, Duration.ofNanos(now - start));
            }
            // Seen at both ends of the window, however long one look took.
            if (now - end >= 0 && looks >= 2) {
                return new Outcome(Outcome.State.HELD, null, looks, Duration.ofNanos(now - start));
            }
            if (now - nextLog >= 0) {
                context.log().info("{}: all well in {} looks, {} left", what, looks, Gates.format(Duration.ofNanos(end - now)));
                nextLog += LOG_EVERY.toNanos();
            }
            long wake = Math.min(now + every.toNanos(), end);
            if (!sleepUntil(context, wake)) {
                return new Outcome(Outcome.State.STOPPED, null, looks, Duration.ofNanos(nanoTime.getAsLong() - start));
            }
        }
    }

    /** Sleeps in slices until {@code wake}; false when the run is stopping meanwhile. */
    boolean sleepUntil(CommandContext context, long wake) throws InterruptedException {
        while (true) {
            if (Gates.stopping(context)) {
                return false;
            }
            long left = wake - nanoTime.getAsLong();
            if (left <= 0) {
                return true;
            }
            sleeper.sleep(Duration.ofNanos(Math.min(left, SLICE.toNanos())));
        }
    }

    long now() {
        return nanoTime.getAsLong();
    }
}
