package deployer.core.internal.exec;

import deployer.core.exec.Run;
import deployer.core.exec.RunEvent;
import deployer.core.exec.RunListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A run's ordered event stream: each event reaches every listener, one event at a time, in publishing order. A
 * listener that throws is reported once, as a warning to the others, and detached: JUnit's listener contract — a
 * broken report must never turn a good deploy into a failed one, nor stop the journal.
 *
 * <p>No thread waits for the listeners under a lock. An event joins the run's queue (a short lock, no listener code
 * under it), and one publishing thread at a time delivers what is queued, in order, with each event's own log
 * context (its host and tag). An {@link RunEvent.OutputLine} queued while another thread delivers is left to that
 * thread: one host's output never waits for a listener busy with another host's event. Every other event returns
 * only once every listener heard it, so a journal line for a task's start is on disk before the task runs.
 */
public final class RunEvents {

    private static final Logger LOG = LoggerFactory.getLogger(RunEvents.class);

    /** An event waiting for delivery, with its number in the run's order and its publisher's log context. */
    private record Pending(long number, RunEvent event, Map<String, String> logContext) {
    }

    private final List<RunListener> active;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Guards {@link #queue}, the counters and the deliverer; never held while a listener runs. */
    private final Object lock = new Object();
    private long published;
    private long delivered;
    /** The thread delivering the queue, or null. */
    private Thread deliverer;

    public RunEvents(List<RunListener> listeners) {
        this.active = new CopyOnWriteArrayList<>(listeners);
    }

    public void publish(RunEvent event) {
        Thread me = Thread.currentThread();
        long mine;
        synchronized (lock) {
            mine = ++published;
            queue.add(new Pending(mine, event, MDC.getCopyOfContextMap()));
            if (deliverer == me) {
                // Published by a listener (or for one that broke) while this thread delivers: it comes in its turn.
                return;
            }
        }
        boolean mustBeHeard = !(event instanceof RunEvent.OutputLine);
        boolean interrupted = false;
        try {
            while (true) {
                synchronized (lock) {
                    while (deliverer != null && mustBeHeard && delivered < mine) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            // An aborted task's end is still heard before it returns; the interrupt is kept for it.
                            interrupted = true;
                        }
                    }
                    if (deliverer != null || queue.isEmpty()) {
                        return;
                    }
                    deliverer = me;
                }
                deliverQueued();
            }
        } finally {
            if (interrupted) {
                me.interrupt();
            }
        }
    }

    /**
     * Delivers until the queue is empty. The deliverer's part is handed back under the same lock that found the queue
     * empty, so an event queued by a thread that left it to this one is never stranded.
     */
    private void deliverQueued() {
        Map<String, String> own = MDC.getCopyOfContextMap();
        boolean handedBack = false;
        try {
            while (true) {
                Pending p;
                synchronized (lock) {
                    p = queue.poll();
                    if (p == null) {
                        deliverer = null;
                        handedBack = true;
                        lock.notifyAll();
                        return;
                    }
                }
                try {
                    setLogContext(p.logContext());
                    deliver(p.event());
                } finally {
                    synchronized (lock) {
                        delivered = p.number();
                        lock.notifyAll();
                    }
                }
            }
        } finally {
            setLogContext(own);
            if (!handedBack) {
                synchronized (lock) {
                    deliverer = null;
                    lock.notifyAll();
                }
            }
        }
    }

    private static void setLogContext(Map<String, String> context) {
        if (context == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }

    private void deliver(RunEvent event) {
        for (RunListener l : active) {
            try {
                l.onEvent(event);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                active.remove(l);
                LOG.error("Run listener {} failed on {} and is detached: {}", l.getClass().getName(),
                        event.getClass().getSimpleName(), e.toString(), e);
                publish(new RunEvent.Warning(Instant.now(), RunEvent.Severity.ERROR,
                        "run listener " + l.getClass().getName() + " failed and was detached; the run goes on without it"));
            }
        }
    }

    /** The listeners still attached. */
    public List<RunListener> listeners() {
        return List.copyOf(active);
    }
}
