package deployer.core.internal.progress;

import deployer.core.exec.RunEvent;
import deployer.core.exec.RunListener;

import java.time.Duration;
import java.util.Optional;

/**
 * The progress of a run as its watcher sees it, on stderr: redrawn in place on a terminal, plain log lines now and then
 * elsewhere. A run listener; close it when the run has ended, before the recap is printed (on a terminal that takes the
 * status lines away and gives stderr back).
 */
public abstract class ProgressDisplay implements RunListener, AutoCloseable {

    /** Seconds between two plain progress lines of a long stage: {@code DEPLOYER_PROGRESS_INTERVAL}, default 5. */
    public static final String INTERVAL_VARIABLE = "DEPLOYER_PROGRESS_INTERVAL";
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    protected final ProgressBoard board;

    protected ProgressDisplay(ProgressBoard board) {
        this.board = board;
    }

    /** On a terminal (stderr and stdin are one), the live display; elsewhere plain lines every {@code interval} at most. */
    public static ProgressDisplay open() {
        Optional<TerminalProgress> tty = TerminalProgress.onStderr(new ProgressBoard());
        if (tty.isPresent()) {
            return tty.get().start();
        }
        return new PlainProgress(new ProgressBoard(), interval()).start();
    }

    /** The plain lines' interval from the environment; a value that is not a positive number of seconds is ignored. */
    static Duration interval() {
        String v = System.getenv(INTERVAL_VARIABLE);
        try {
            double s = v == null ? 0 : Double.parseDouble(v.trim());
            return s > 0 && s < 86_400 ? Duration.ofMillis((long) (s * 1000)) : DEFAULT_INTERVAL;
        } catch (NumberFormatException e) {
            return DEFAULT_INTERVAL;
        }
    }

    @Override
    public void onEvent(RunEvent event) {
        board.onEvent(event);
        changed();
    }

    /**
     * Gives the terminal to someone else for a while (the operator's [r]etry/[s]kip/[a]bort question): the status
     * lines are taken away and not drawn again until {@link #resume()}. Log lines still print, plainly.
     */
    public void suspend() {
    }

    /** Draws the status lines again after {@link #suspend()}. */
    public void resume() {
    }

    /** The board has changed (a task started or ended): a display may redraw now. */
    protected void changed() {
    }

    @Override
    public abstract void close();
}
