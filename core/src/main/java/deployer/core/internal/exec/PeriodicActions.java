package deployer.core.internal.exec;

import deployer.core.spi.RunScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link RunScope} of one run: one daemon thread runs every registered action at its period; {@link #close()}
 * at the end of the run cancels them all (and interrupts one that is running), so nothing outlives its run.
 */
public final class PeriodicActions implements RunScope, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicActions.class);

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final ScheduledThreadPoolExecutor timer;
    private final Map<String, ScheduledFuture<?>> actions = new HashMap<>();
    private boolean closed;

    public PeriodicActions(String runId) {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "run-" + runId + "-periodic");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public synchronized void repeat(String key, Duration period, Action action) {
        if (closed) {
            throw new IllegalStateException("the run has ended");
        }
        long ms = Math.max(1, period.toMillis());
        ScheduledFuture<?> f = timer.scheduleWithFixedDelay(() -> {
            try {
                action.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception | Error e) {
                // A scheduled task that throws is never run again: keep it alive, the next period may succeed.
                LOG.warn("Periodic action {} failed: {}", key, e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> old = actions.put(key, f);
        if (old != null) {
            old.cancel(false);
        }
    }

    /**
     * Also waits (briefly) for a repetition under way to end, so that the caller may then undo what the action
     * maintains (remove the lease it renews) without the action writing it back.
     */
    @Override
    public boolean cancel(String key) {
        synchronized (this) {
            ScheduledFuture<?> f = actions.remove(key);
            if (f == null) {
                return false;
            }
            f.cancel(false);
            if (closed) {
                return true;
            }
        }
        try {
            // One thread runs every action: once this marker has run, no repetition of the cancelled one is under way.
            timer.submit(() -> { }).get(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.debug("Periodic action {} may still be finishing: {}", key, e.toString());
        }
        return true;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            actions.values().forEach(f -> f.cancel(true));
            actions.clear();
        }
        timer.shutdownNow();
    }
}
