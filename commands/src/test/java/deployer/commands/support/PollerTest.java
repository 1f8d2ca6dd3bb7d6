package deployer.commands.support;

import deployer.commands.RecordingLogger;
import deployer.core.internal.host.LocalHost;
import deployer.core.model.TaskId;
import deployer.core.spi.CommandContext;
import deployer.core.spi.FailureReason;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The polling loop on a fake clock: minutes of waiting run in milliseconds, and the timing is exact. */
class PollerTest {

    private final AtomicLong now = new AtomicLong();
    private final Poller poller = new Poller(now::get, d -> now.addAndGet(d.toNanos()), Duration.ofSeconds(30));
    private final RecordingLogger log = new RecordingLogger();
    private final AtomicInteger probes = new AtomicInteger();

    private CommandContext context(java.util.function.BooleanSupplier stop) {
        return new CommandContext(TaskId.of(1, 1), null, new LocalHost("local:t1"), log, stop);
    }

    private Poller.Check reachedOnProbe(int n) {
        return remaining -> new Poller.Probe(probes.incrementAndGet() >= n, "probe " + probes.get(), List.of("err " + probes.get()));
    }

    @Test
    void checksAtOnceAndStopsWhenReached() throws Exception {
        Poller.Outcome outcome = poller.poll(context(() -> false), "web up", Duration.ofSeconds(60), Duration.ofSeconds(1), reachedOnProbe(4));
        assertThat(outcome.reached()).isTrue();
        assertThat(probes).hasValue(4);
        assertThat(outcome.waited()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void timesOutAfterTheTimeoutWithAProgressLineEvery30Seconds() throws Exception {
        Poller.Outcome outcome = poller.poll(context(() -> false), "web up", Duration.ofSeconds(95), Duration.ofSeconds(1), reachedOnProbe(1000));
        assertThat(outcome.state()).isEqualTo(Poller.Outcome.State.TIMED_OUT);
        assertThat(outcome.waited()).isEqualTo(Duration.ofSeconds(95));
        assertThat(probes).hasValue(96);
        assertThat(log.texts(Level.INFO).stream().filter(l -> l.startsWith("Still waiting")))
                .containsExactly("Still waiting for web up: 30 s of 95 s (probe 31)",
                        "Still waiting for web up: 60 s of 95 s (probe 61)",
                        "Still waiting for web up: 90 s of 95 s (probe 91)");
        var failure = outcome.failure("web up");
        assertThat(failure.reason()).isEqualTo(FailureReason.TIMEOUT);
        assertThat(failure.message()).isEqualTo("web up not reached within 95 s; last check: probe 96");
        assertThat(failure.outputTail()).containsExactly("err 96");
    }

    @Test
    void theLastIntervalIsShortenedToTheDeadline() throws Exception {
        Poller.Outcome outcome = poller.poll(context(() -> false), "x", Duration.ofMillis(2500), Duration.ofSeconds(1), reachedOnProbe(1000));
        assertThat(outcome.waited()).isEqualTo(Duration.ofMillis(2500));
        assertThat(probes).hasValue(4);
    }

    @Test
    void aZeroTimeoutChecksExactlyOnce() throws Exception {
        Poller.Outcome outcome = poller.poll(context(() -> false), "x", Duration.ZERO, Duration.ofSeconds(1), reachedOnProbe(2));
        assertThat(outcome.state()).isEqualTo(Poller.Outcome.State.TIMED_OUT);
        assertThat(probes).hasValue(1);
    }

    @Test
    void givesUpEarlyWhenTheRunIsStopping() throws Exception {
        Poller.Outcome outcome = poller.poll(context(() -> probes.get() >= 3), "web down", Duration.ofSeconds(60),
                Duration.ofSeconds(10), reachedOnProbe(1000));
        assertThat(outcome.state()).isEqualTo(Poller.Outcome.State.STOPPED);
        assertThat(probes).hasValue(3);
        assertThat(outcome.waited()).isEqualTo(Duration.ofSeconds(20));
        assertThat(outcome.failure("web down").reason()).isEqualTo(FailureReason.INTERRUPTED);
    }
}
