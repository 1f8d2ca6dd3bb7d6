package deployer.core.internal.exec;

import deployer.core.exec.PlannedTask;
import deployer.core.exec.RunEvent;
import deployer.core.exec.RunListener;
import deployer.core.exec.TaskResult;

import deployer.core.model.Stage;
import deployer.core.model.StageItem;
import deployer.core.model.Task;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunEventsTest {

    private static final Stage STAGE = new Stage("s", 1, 0, List.of(StageItem.of(Task.builder("x").build())));

    /** Records the events it hears, in order. */
    static final class Recorder implements RunListener {
        final List<String> heard = new ArrayList<>();

        @Override
        public void stageStarted(int n, Stage stage) {
            heard.add("started " + n);
        }

        @Override
        public void stageSkipped(int n, Stage stage, String why) {
            heard.add("skipped " + n + ": " + why);
        }

        @Override
        public void warning(RunEvent.Severity severity, String message) {
            heard.add(severity + " " + message);
        }
    }

    @Test
    void aListenerThatThrowsIsReportedOnceAndDetachedWhileTheOthersHearEverythingInOrder() {
        Recorder before = new Recorder();
        Recorder after = new Recorder();
        int[] calls = {0};
        RunListener broken = new RunListener() {
            @Override
            public void stageStarted(int n, Stage stage) {
                calls[0]++;
                throw new IllegalStateException("report disk full");
            }
        };
        RunEvents events = new RunEvents(List.of(before, broken, after));

        events.publish(new RunEvent.StageStarted(Instant.now(), 1, STAGE));
        events.publish(new RunEvent.StageStarted(Instant.now(), 2, STAGE));
        events.publish(new RunEvent.StageSkipped(Instant.now(), 3, STAGE, "an earlier stage failed"));

        assertThat(calls[0]).isEqualTo(1);
        assertThat(events.listeners()).containsExactly(before, after);
        assertThat(after.heard).hasSize(4);
        assertThat(after.heard.get(0)).isEqualTo("started 1");
        assertThat(after.heard.get(1)).startsWith("ERROR run listener ").contains("failed and was detached");
        assertThat(after.heard.subList(2, 4)).containsExactly("started 2", "skipped 3: an earlier stage failed");
        assertThat(before.heard).isEqualTo(after.heard);
    }

    private static PlannedTask task(String host) {
        return new PlannedTask(deployer.core.model.TaskId.of(1, 1), Task.builder("x").host(host).build(),
                deployer.core.model.HostAddress.parse(host), null);
    }

    /**
     * A slow listener (a journal's sync, a terminal) holds up the host whose event it hears, not every host: another
     * host's output line is queued behind it and its thread goes on; every event still reaches every listener one
     * at a time, in the run's order; and an event other than an output line returns only once it was heard.
     */
    @Test
    void anOutputLineDoesNotWaitForAListenerBusyWithAnotherHostsEventAndTheOrderIsKept() throws Exception {
        java.util.concurrent.CountDownLatch inSlowListener = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<String> heard = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger mostInside = new java.util.concurrent.atomic.AtomicInteger();
        RunListener slow = new RunListener() {
            @Override
            public void onEvent(RunEvent event) {
                mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                String what = event instanceof RunEvent.OutputLine o ? "line " + o.line() + " " + org.slf4j.MDC.get("host")
                        : event.getClass().getSimpleName();
                heard.add(what);
                if (event instanceof RunEvent.TaskStarted) {
                    inSlowListener.countDown();
                    try {
                        release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                inside.decrementAndGet();
            }
        };
        RunEvents events = new RunEvents(List.of(slow));
        Thread hostA = new Thread(() -> events.publish(new RunEvent.TaskStarted(Instant.now(), task("local:a"), 1)), "host-a");
        hostA.start();
        assertThat(inSlowListener.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        java.util.concurrent.CountDownLatch linePublished = new java.util.concurrent.CountDownLatch(1);
        Thread hostB = new Thread(() -> {
            try (org.slf4j.MDC.MDCCloseable h = org.slf4j.MDC.putCloseable("host", "local:b")) {
                events.publish(new RunEvent.OutputLine(Instant.now(), task("local:b"), "b1", false));
                events.publish(new RunEvent.OutputLine(Instant.now(), task("local:b"), "b2", false));
            }
            linePublished.countDown();
        }, "host-b");
        hostB.start();
        assertThat(linePublished.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("host b's lines did not wait").isTrue();
        assertThat(heard).containsExactly("TaskStarted");

        java.util.concurrent.CountDownLatch finishedPublished = new java.util.concurrent.CountDownLatch(1);
        Thread hostC = new Thread(() -> {
            events.publish(new RunEvent.TaskFinished(Instant.now(), task("local:c"), TaskResult.notRun(task("local:c"), "not run")));
            finishedPublished.countDown();
        }, "host-c");
        hostC.start();
        assertThat(finishedPublished.await(200, java.util.concurrent.TimeUnit.MILLISECONDS))
                .as("a task's end returns only once heard").isFalse();

        release.countDown();
        assertThat(finishedPublished.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        hostA.join(30_000);
        assertThat(heard).as("in publishing order, each line with its own host's log context")
                .containsExactly("TaskStarted", "line b1 local:b", "line b2 local:b", "TaskFinished");
        assertThat(mostInside).as("one event at a time").hasValue(1);
    }
}
