package deployer.core.internal.exec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A task's deadline, fired by hand: it interrupts only the attempt it was armed for. */
class DeadlineTest {

    /** Schedules nothing that runs by itself: the test fires the deadline when it wants, as late as it wants. */
    static final class HandFiredTimers extends ScheduledThreadPoolExecutor {
        Runnable fire;
        ScheduledFuture<?> timer;

        HandFiredTimers() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            fire = command;
            timer = super.schedule(() -> { }, 1, TimeUnit.DAYS);
            return timer;
        }
    }

    private final HandFiredTimers timers = new HandFiredTimers();

    @AfterEach
    void stop() {
        timers.shutdownNow();
        Thread.interrupted();
    }

    @Test
    void aDeadlineDisarmedByATaskThatEndedEarlyIsCancelledAndFiringItLateInterruptsNothing() {
        Deadline deadline = Deadline.arm(timers, Duration.ofSeconds(5));
        deadline.disarm();
        assertThat(timers.timer.isCancelled()).isTrue();

        // The timer thread got there anyway (it raced the disarm): the pool thread's next task must not be hit.
        timers.fire.run();

        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(deadline.fired()).isFalse();
    }

    @Test
    void aDeadlineThatFiredInterruptsItsThreadAndTheDisarmClearsTheInterruptForTheNextTask() {
        Deadline deadline = Deadline.arm(timers, Duration.ofMillis(200));
        assertThat(deadline.fired()).isFalse();

        timers.fire.run();

        assertThat(deadline.fired()).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).as("the attempt is interrupted").isTrue();
        deadline.disarm();
        assertThat(Thread.currentThread().isInterrupted()).as("the next task starts without it").isFalse();
        assertThat(deadline.fired()).as("the attempt still knows it timed out").isTrue();
    }

    @Test
    void aDeadlineInterruptsTheThreadThatArmedItNotTheTimersThread() throws Exception {
        Deadline[] armed = new Deadline[1];
        boolean[] interrupted = new boolean[1];
        Thread task = new Thread(() -> {
            armed[0] = Deadline.arm(timers, Duration.ofSeconds(1));
            try {
                new java.util.concurrent.CountDownLatch(1).await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted[0] = true;
            }
            armed[0].disarm();
        });
        task.start();
        while (timers.fire == null) {
            Thread.onSpinWait();
        }
        timers.fire.run();
        task.join(30_000);

        assertThat(interrupted[0]).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
