package deployer.core.internal.exec;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A task's {@code timeout}: at the deadline the task's thread is interrupted, which makes its host end the running
 * command (a local process group gets TERM, then KILL; over SSH the session is signalled and closed). Firing and
 * disarming exclude each other, so an interrupt never reaches the thread after the attempt ended (it would hit the
 * pool thread's next task), and a fired deadline's interrupt is cleared when the attempt ends.
 */
public final class Deadline {

    private final Thread thread;
    private ScheduledFuture<?> timer;
    private boolean fired;
    private boolean disarmed;

    private Deadline(Thread thread) {
        this.thread = thread;
    }

    /** Arms a deadline for the calling thread. */
    public static Deadline arm(ScheduledExecutorService timers, Duration after) {
        Deadline d = new Deadline(Thread.currentThread());
        ScheduledFuture<?> f = timers.schedule(d::fire, after.toNanos(), TimeUnit.NANOSECONDS);
        synchronized (d) {
            d.timer = f;
        }
        return d;
    }

    private synchronized void fire() {
        if (!disarmed) {
            fired = true;
            thread.interrupt();
        }
    }

    /** Called by the armed thread when its attempt ended; clears the deadline's interrupt if it fired. */
    public void disarm() {
        boolean wasFired;
        synchronized (this) {
            disarmed = true;
            wasFired = fired;
            if (timer != null) {
                timer.cancel(false);
            }
        }
        if (wasFired) {
            Thread.interrupted();
        }
    }

    public synchronized boolean fired() {
        return fired;
    }
}
