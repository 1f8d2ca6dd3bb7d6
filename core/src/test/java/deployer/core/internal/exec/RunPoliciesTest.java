package deployer.core.internal.exec;

import deployer.core.exec.PlannedTask;
import deployer.core.exec.Run;
import deployer.core.exec.RunEvent;
import deployer.core.exec.RunListener;
import deployer.core.exec.RunReport;
import deployer.core.exec.TaskResult;
import deployer.core.exec.TaskStatus;

import deployer.core.internal.host.HostPool;
import deployer.core.json.TasklistReader;
import deployer.core.json.TasklistWriter;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.core.model.RunId;
import deployer.core.model.Tasklist;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The failure policies applied by a real Run on local hosts: retries, timeouts, on_failure and rollout budgets. */
class RunPoliciesTest {

    static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    /**
     * An idempotent command scripted by its arguments: {@code fail} its first N attempts (counted per {@code key}),
     * or always with {@code fail: -1}; {@code unreachable} fails as a lost host; {@code sleep_ms} sleeps
     * (interruptibly) first.
     */
    public static final class Scripted implements Command {
        private String key;
        private long fail;
        private long sleepMs;
        private boolean unreachable;

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public boolean idempotent() {
            return true;
        }

        @Override
        public void initialize(Arguments args) {
            key = args.string("key");
            fail = args.integer("fail", 0);
            sleepMs = args.integer("sleep_ms", 0);
            unreachable = args.bool("unreachable", false);
        }

        @Override
        public CommandResult execute(CommandContext context) throws Exception {
            int attempt = ATTEMPTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            if (sleepMs > 0) {
                Thread.sleep(sleepMs);
            }
            if (unreachable) {
                throw new HostException(FailureReason.UNREACHABLE, context.host().name(), "connection refused");
            }
            return fail < 0 || attempt <= fail ? CommandResult.failed(FailureReason.NON_ZERO_EXIT, key + " failed attempt " + attempt)
                    : CommandResult.succeeded();
        }
    }

    private final Engine executor = new Engine(CommandRegistry.of(Scripted.class, EngineTest.Record.class), List.of());
    private final List<RunEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void clear() {
        ATTEMPTS.clear();
    }

    private RunReport run(String json) throws Exception {
        try (HostPool hosts = HostPool.localOnly()) {
            Run run = executor.newRun(executor.validate(TasklistReader.read(json, "p.json"), false), hosts, RunId.create(),
                    List.of(new RunListener() {
                        @Override
                        public void onEvent(RunEvent event) {
                            events.add(event);
                        }
                    }));
            return run.start().await();
        }
    }

    private static TaskResult result(RunReport report, String id) {
        return report.results().stream().filter(r -> r.id().toString().equals(id)).findFirst().orElseThrow();
    }

    private static String task(String host, String key, String extra) {
        return "{ \"command\": \"scripted\", \"remote_host\": \"local:" + host + "\", \"key\": \"" + key + "\"" + extra + " }";
    }

    @Test
    void anIdempotentTaskIsRetriedWithBackoffUntilItSucceeds() throws Exception {
        RunReport report = run("""
                { "name": "p", "stages": [ { "name": "s", "concurrency": 1, "tasks": [
                  %s ] } ] }""".formatted(task("a", "flaky", ", \"fail\": 2, \"retries\": 3, \"retry_delay\": 0.05")));

        assertThat(report.status()).isEqualTo(RunReport.RunStatus.SUCCEEDED);
        assertThat(ATTEMPTS.get("flaky")).hasValue(3);
        List<RunEvent.TaskRetrying> retries = events.stream().filter(RunEvent.TaskRetrying.class::isInstance)
                .map(RunEvent.TaskRetrying.class::cast).toList();
        assertThat(retries).extracting(RunEvent.TaskRetrying::failedAttempt).containsExactly(1, 2);
        assertThat(retries).extracting(RunEvent.TaskRetrying::delay).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(events.stream().filter(RunEvent.TaskStarted.class::isInstance).map(e -> ((RunEvent.TaskStarted) e).attempt()))
                .containsExactly(1, 2, 3);
    }

    @Test
    void retriesThatRunOutFailTheTaskSayingHowManyAttemptsItHad() throws Exception {
        RunReport report = run("""
                { "name": "p", "stages": [ { "name": "s", "concurrency": 1, "tasks": [
                  %s ] } ] }""".formatted(task("a", "broken", ", \"fail\": -1, \"retries\": 1, \"retry_delay\": 0")));

        assertThat(report.status()).isEqualTo(RunReport.RunStatus.FAILED);
        assertThat(ATTEMPTS.get("broken")).hasValue(2);
        assertThat(result(report, "1.1").message()).isEqualTo("broken failed attempt 2 (after 2 attempts)");
    }

    @Test
    void aTimeoutInterruptsTheCommandAndFailsTheTaskAsTimeout() throws Exception {
        long start = System.nanoTime();
        RunReport report = run("""
                { "name": "p", "stages": [ { "name": "s", "concurrency": 2, "tasks": [
                  %s, %s ] } ] }""".formatted(task("a", "slow", ", \"sleep_ms\": 60000, \"timeout\": 0.3"),
                task("b", "quick", ", \"sleep_ms\": 10, \"timeout\": 30")));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        TaskResult slow = result(report, "1.1");
        assertThat(slow.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(slow.reason()).isEqualTo(FailureReason.TIMEOUT);
        assertThat(slow.message()).isEqualTo("timed out after 0.3 s");
        assertThat(result(report, "1.2").status()).isEqualTo(TaskStatus.SUCCEEDED);
    }

    @Test
    void underStopTheFirstFailureEndsTheRunAndLaterStagesDoNotRun() throws Exception {
        RunReport report = run("""
                { "name": "p", "stages": [
                  { "name": "one", "concurrency": 1, "tasks": [ %s, %s ] },
                  { "name": "two", "concurrency": 1, "tasks": [ %s ] } ] }""".formatted(
                task("a", "a1", ", \"fail\": -1"), task("b", "b1", ""), task("b", "b2", "")));

        assertThat(report.status()).isEqualTo(RunReport.RunStatus.FAILED);
        assertThat(result(report, "1.2").status()).isEqualTo(TaskStatus.NOT_RUN);
        assertThat(result(report, "2.1").message()).isEqualTo("not run: an earlier stage failed (task 1.1 failed)");
    }

    @Test
    void underContinueTheFailedHostDropsOutAndTheOthersGoOnThroughLaterStages() throws Exception {
        RunReport report = run("""
                { "name": "p", "stages": [
                  { "name": "deploy", "concurrency": 1, "on_failure": "continue", "max_failures": 1, "tasks": [
                    [ %s, %s ], [ %s, %s ], %s ] },
                  { "name": "after", "concurrency": 2, "tasks": [ %s, %s ] } ] }""".formatted(
                task("a", "a-stop", ""), task("a", "a-start", ""),
                task("b", "b-stop", ""), task("b", "b-start", ", \"fail\": -1"),
                task("b", "b-other", ""),
                task("a", "a-after", ""), task("b", "b-after", "")));

        assertThat(report.status()).as("a continued failure still fails the run").isEqualTo(RunReport.RunStatus.FAILED);
        assertThat(result(report, "1.1.2").status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(result(report, "1.2.2").status()).isEqualTo(TaskStatus.FAILED);
        assertThat(result(report, "1.3").status()).isEqualTo(TaskStatus.NOT_RUN);
        assertThat(result(report, "1.3").message())
                .isEqualTo("not run: host local:b failed earlier (task 1.2.2: NON_ZERO_EXIT; on_failure: continue)");
        assertThat(result(report, "2.1").status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(result(report, "2.2").message())
                .isEqualTo("not run: host local:b failed earlier (task 1.2.2: NON_ZERO_EXIT; on_failure: continue)");
        assertThat(ATTEMPTS).doesNotContainKeys("b-other", "b-after");
    }

    @Test
    void theRestOfAFailedChainNamesTheFailure() throws Exception {
        RunReport report = run("""
                { "name": "p", "stages": [
                  { "name": "deploy", "concurrency": 2, "on_failure": "continue", "max_failures": 1, "tasks": [
                    [ %s, %s, %s ], [ %s, %s ] ] } ] }""".formatted(
                task("a", "a1", ", \"fail\": -1"), task("a", "a2", ""), task("a", "a3", ""),
                task("b", "b1", ""), task("b", "b2", "")));

        assertThat(result(report, "1.1.2").message()).isEqualTo("not run: task 1.1.1 failed on local:a (on_failure: continue)");
        assertThat(result(report, "1.1.3").message()).isEqualTo("not run: task 1.1.1 failed on local:a (on_failure: continue)");
        assertThat(result(report, "1.2.2").status()).isEqualTo(TaskStatus.SUCCEEDED);
    }

    @Test
    void oneBudgetCoversEveryBatchOfARollout() throws Exception {
        // Four hosts, at most 25 %: one failed host in batch 1 is within budget, a second in batch 2 spends it,
        // though each batch alone lost only 1 of 2 hosts.
        String batch = """
                { "name": "batch %d", "concurrency": 2, "on_failure": "continue", "max_fail_percentage": 25, "rollout": "deploy web",
                  "tasks": [ %s, %s ] }""";
        RunReport report = run("""
                { "name": "p", "stages": [ %s, %s,
                  { "name": "after", "concurrency": 1, "tasks": [ %s ] } ] }""".formatted(
                batch.formatted(1, task("a", "a", ", \"fail\": -1"), task("b", "b", "")),
                batch.formatted(2, task("c", "c", ", \"fail\": -1"), task("d", "d", "")),
                task("b", "after", "")));

        assertThat(report.status()).isEqualTo(RunReport.RunStatus.FAILED);
        assertThat(report.failures()).extracting(r -> r.id().toString()).containsExactly("1.1", "2.1");
        assertThat(result(report, "3.1").message())
                .isEqualTo("not run: an earlier stage failed (the failure budget is spent: rollout 'deploy web': 2 of 4 hosts failed,"
                        + " max_fail_percentage 25 %)");
    }

    @Test
    void anUnreachableHostUnderContinueSkipsItsChainAndLaterTasksWhileOthersFinish() throws Exception {
        RunReport report = run("""
                { "name": "p", "stages": [
                  { "name": "deploy", "concurrency": 2, "on_failure": "continue", "max_failures": 1, "tasks": [
                    [ %s, %s ], [ %s, %s ] ] },
                  { "name": "after", "concurrency": 2, "tasks": [ %s, %s ] } ] }""".formatted(
                task("gone", "g1", ", \"unreachable\": true"), task("gone", "g2", ""),
                task("ok", "o1", ""), task("ok", "o2", ""),
                task("gone", "g3", ""), task("ok", "o3", "")));

        assertThat(result(report, "1.1.1").reason()).isEqualTo(FailureReason.UNREACHABLE);
        assertThat(result(report, "1.1.2").message()).isEqualTo("not run: task 1.1.1 failed on local:gone (on_failure: continue)");
        assertThat(result(report, "2.1").message())
                .isEqualTo("not run: host local:gone is unreachable (task 1.1.1: UNREACHABLE; on_failure: continue)");
        assertThat(result(report, "1.2.2").status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(result(report, "2.2").status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(report.status()).isEqualTo(RunReport.RunStatus.FAILED);
    }

    @Test
    void anAbortEndsARetryBackoffAtOnce() throws Exception {
        String json = """
                { "name": "p", "stages": [ { "name": "s", "concurrency": 1, "tasks": [
                  %s ] } ] }""".formatted(task("a", "waits", ", \"fail\": -1, \"retries\": 3, \"retry_delay\": 600"));
        CountDownLatch retrying = new CountDownLatch(1);
        try (HostPool hosts = HostPool.localOnly()) {
            Run run = executor.newRun(executor.validate(TasklistReader.read(json, "p.json"), false), hosts, RunId.create(),
                    List.of(new RunListener() {
                        @Override
                        public void taskRetrying(PlannedTask task, int failedAttempt, TaskResult failure, Duration delay) {
                            retrying.countDown();
                        }
                    }));
            run.start();
            assertThat(retrying.await(30, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            run.stop();
            run.abort();
            RunReport report = run.await();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(report.status()).isEqualTo(RunReport.RunStatus.ABORTED);
            assertThat(ATTEMPTS.get("waits")).hasValue(1);
        }
    }

    @Test
    void badPolicyKeysAreEachReportedWithTheTask() {
        String json = """
                { "name": "p", "stages": [
                  { "name": "a", "concurrency": 1, "rollout": "r", "on_failure": "continue", "max_failures": 1, "tasks": [
                    { "command": "record", "message": "m", "retries": 2 },
                    { "command": "record", "message": "m", "retries": 2, "idempotent": true, "timeout": 0 },
                    { "command": "scripted", "key": "k", "retries": -1, "retry_delay": "5s", "timeout": "1m" },
                    { "command": "scripted", "key": "k", "retry_delay": 1, "idempotent": "yes" },
                    { "command": "scripted", "key": "k", "retries": 2, "idempotent": false } ] },
                  { "name": "b", "concurrency": 1, "rollout": "r", "on_failure": "continue", "max_failures": 2, "tasks": [
                    { "command": "scripted", "key": "k" } ] } ] }""";
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> executor.validate(TasklistReader.read(json, "p.json"), false));
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "p.json:3:5 task 1.1 (record): 'retries' needs idempotent work: 'record' does not declare itself idempotent"
                        + " (running it again after a partial run may do harm); if running this task twice is safe, add \"idempotent\": true to it",
                "p.json:4:5 task 1.2 (record): 'timeout': expected a number of seconds greater than 0 up to 604800, got 0",
                "p.json:5:5 task 1.3 (scripted): 'timeout': expected a number of seconds greater than 0 up to 604800, got \"1m\"",
                "p.json:5:5 task 1.3 (scripted): 'retry_delay': expected a number of seconds from 0 up to 3600, got \"5s\"",
                "p.json:5:5 task 1.3 (scripted): 'retries': expected a whole number from 0 to 100, got -1",
                "p.json:6:5 task 1.4 (scripted): 'idempotent': expected true or false, got \"yes\"",
                "p.json:6:5 task 1.4 (scripted): 'retry_delay' has no effect without 'retries'; add \"retries\": N or remove it",
                "p.json:7:5 task 1.5 (scripted): 'retries' needs idempotent work, and this task says \"idempotent\": false",
                "p.json:8:3 stage 2 'b': rollout 'r' has max_failures 2, max_fail_percentage (none) here but max_failures 1,"
                        + " max_fail_percentage (none) in stage 1 'a'; its stages share one failure budget, so give them the same limits");
    }

    @Test
    void taskPoliciesSurviveASaveAndAReadAsTheyWere() throws Exception {
        String json = """
                { "name": "p", "stages": [ { "name": "s", "concurrency": 1, "tasks": [
                  { "command": "scripted", "key": "k", "timeout": 1.5, "retries": 2, "retry_delay": 3, "idempotent": true } ] } ] }""";
        Tasklist read = TasklistReader.read(json, "p.json");
        String saved = TasklistWriter.toJson(read);
        assertThat(saved).containsSubsequence("\"command\": \"scripted\"", "\"timeout\": 1.5", "\"retries\": 2", "\"retry_delay\": 3",
                "\"idempotent\": true", "\"key\": \"k\"");
        Tasklist again = TasklistReader.read(saved, "saved.json");
        assertThat(TasklistWriter.toJson(again)).isEqualTo(saved);
        PlannedTask planned = executor.validate(again, false).stages().get(0).tasks().get(0);
        assertThat(planned.policy().timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(planned.policy().retries()).isEqualTo(2);
        assertThat(planned.policy().retryDelay()).isEqualTo(Duration.ofSeconds(3));
    }
}
