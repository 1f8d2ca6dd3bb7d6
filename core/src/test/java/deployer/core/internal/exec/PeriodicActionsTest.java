package deployer.core.internal.exec;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The run scope: periodic actions repeat, survive a throwing repetition, and stop on cancel and at the run's end. */
class PeriodicActionsTest {

    @Test
    void anActionRepeatsEvenAfterAFailureUntilCancelled() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch three = new CountDownLatch(3);
        try (PeriodicActions scope = new PeriodicActions("t")) {
            scope.repeat("renew", Duration.ofMillis(10), () -> {
                runs.incrementAndGet();
                three.countDown();
                if (three.getCount() == 2) {
                    throw new IllegalStateException("one bad repetition");
                }
            });
            assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(scope.cancel("renew")).isTrue();
            // cancel waits for a repetition under way: from here on the count cannot move.
            int after = runs.get();
            assertThat(scope.cancel("renew")).isFalse();
            // A second action on the same single thread has run at least once only after any renew repetition would
            // have: if renew still ran, the count would show it by then.
            CountDownLatch other = new CountDownLatch(2);
            scope.repeat("other", Duration.ofMillis(10), other::countDown);
            assertThat(other.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(runs.get()).isEqualTo(after);
        }
    }

    @Test
    void theEndOfTheRunStopsEverything() {
        PeriodicActions scope = new PeriodicActions("t");
        scope.repeat("renew", Duration.ofMinutes(1), () -> { });
        scope.close();
        assertThatThrownBy(() -> scope.repeat("late", Duration.ofMillis(10), () -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ended");
    }
}
