package deployer.core.internal.progress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress without a terminal (CI, a pipe, a file): no control characters, only a log line now and then. A stage that
 * has run for at least the interval gets one line, and another each interval after that, so a long rollout shows it is
 * alive while a quick one adds nothing to the log.
 */
final class PlainProgress extends ProgressDisplay {

    private static final Logger LOG = LoggerFactory.getLogger("deployer.core.Progress");

    private final Duration interval;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress-lines");
        t.setDaemon(true);
        return t;
    });
    /** When each stage last had its line, in the stage's own elapsed time. */
    private final Map<Integer, Duration> lastLine = new HashMap<>();

    PlainProgress(ProgressBoard board, Duration interval) {
        super(board);
        this.interval = interval;
    }

    PlainProgress start() {
        long tick = Math.max(100, Math.min(1000, interval.toMillis() / 4));
        ticker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        for (ProgressBoard.StageLine line : board.snapshot()) {
            Duration last = lastLine.getOrDefault(line.number(), Duration.ZERO);
            if (line.elapsed().minus(last).compareTo(interval) >= 0) {
                lastLine.put(line.number(), line.elapsed());
                LOG.info("Progress: {}", line.plain());
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
