package deployer.core.exec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's ordered event stream: each event reaches every listener, one event at a time, in publishing order (a
 * journal line for a task's start is on disk before the task runs). A listener that throws is reported once, as a
 * warning to the others, and detached: JUnit's listener contract — a broken report must never turn a good
 * deploy into a failed one, nor stop the journal.
 */
public final class RunEvents {

    private static final Logger LOG = LoggerFactory.getLogger(RunEvents.class);

    private final List<RunListener> active;

    public RunEvents(List<RunListener> listeners) {
        this.active = new ArrayList<>(listeners);
    }

    public synchronized void publish(RunEvent event) {
        List<RunListener> broken = null;
        for (RunListener l : active) {
            try {
                l.onEvent(event);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                if (broken == null) {
                    broken = new ArrayList<>();
                }
                broken.add(l);
                LOG.error("Run listener {} failed on {} and is detached: {}", l.getClass().getName(),
                        event.getClass().getSimpleName(), e.toString(), e);
            }
        }
        if (broken != null) {
            active.removeAll(broken);
            for (RunListener l : broken) {
                publish(new RunEvent.Warning(Instant.now(), RunEvent.Severity.ERROR,
                        "run listener " + l.getClass().getName() + " failed and was detached; the run goes on without it"));
            }
        }
    }

    /** The listeners still attached. */
    public synchronized List<RunListener> listeners() {
        return List.copyOf(active);
    }
}
