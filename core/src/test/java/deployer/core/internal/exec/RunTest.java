package deployer.core.internal.exec;

import deployer.core.exec.PlannedTask;
import deployer.core.exec.Run;
import deployer.core.exec.RunEvent;
import deployer.core.exec.RunListener;
import deployer.core.exec.RunReport;
import deployer.core.exec.TaskResult;
import deployer.core.exec.TaskStatus;
import deployer.core.exec.ValidatedPlan;

import deployer.core.internal.host.HostPool;
import deployer.core.exec.FailureHandler;
import deployer.core.json.TasklistReader;
import deployer.core.model.RunId;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A run as an object: its own state, one ordered event stream, listeners that cannot break it. */
class RunTest {

    /** Succeeds, fails, or waits on a latch, as its message says. */
    public static final class Step implements Command {
        static volatile CountDownLatch gate = new CountDownLatch(0);
        static volatile CountDownLatch entered = new CountDownLatch(0);
        /** What a "counts" step read of its run's progress. */
        static final List<String> PROGRESS = Collections.synchronizedList(new ArrayList<>());
        private String message;

        @Override
        public String name() {
            return "step";
        }

        @Override
        public void initialize(Arguments args) {
            message = args.string("message");
        }

        @Override
        public CommandResult execute(CommandContext context) throws InterruptedException {
            if (message.equals("wait")) {
                entered.countDown();
                assertThat(gate.await(30, TimeUnit.SECONDS)).isTrue();
            }
            if (message.equals("counts")) {
                PROGRESS.add(context.progress().status() + " " + context.progress().counts());
            }
            if (message.equals("failures")) {
                PROGRESS.add(context.progress().stopRequested() + " " + context.progress().failures());
            }
            if (message.equals("exit 3")) {
                return new CommandResult(CommandResult.Outcome.FAILED, deployer.core.spi.FailureReason.NON_ZERO_EXIT, "exited 3",
                        List.of("last line"), 3);
            }
            return message.equals("fail") ? CommandResult.failed(deployer.core.spi.FailureReason.NON_ZERO_EXIT, "asked to fail") : CommandResult.succeeded();
        }
    }

    /** Skips (and with it the rest of its chain) when its message says "skip"; else succeeds. */
    public static final class Guard implements Command {
        private String message;

        @Override
        public String name() {
            return "guard";
        }

        @Override
        public boolean guardsChain() {
            return true;
        }

        @Override
        public void initialize(Arguments args) {
            message = args.string("message");
        }

        @Override
        public CommandResult execute(CommandContext context) {
            return message.equals("skip") ? CommandResult.skipped("nothing to do here") : CommandResult.succeeded();
        }
    }

    private final Engine executor = new Engine(CommandRegistry.of(Step.class, Guard.class), List.of());

    private ValidatedPlan plan(String stages) throws Exception {
        return executor.validate(TasklistReader.read("{\"name\": \"p\", \"stages\": [" + stages + "]}", "p.json"), false);
    }

    private static String stage(String name, String... messages) {
        List<String> tasks = new ArrayList<>();
        for (String m : messages) {
            tasks.add("{\"command\": \"step\", \"remote_host\": \"local:" + name + "\", \"message\": \"" + m + "\"}");
        }
        return "{\"name\": \"" + name + "\", \"concurrency\": 4, \"tasks\": [" + String.join(", ", tasks) + "]}";
    }

    /** Every event as a line, in the order heard. */
    static final class Recorder implements RunListener {
        final List<String> heard = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onEvent(RunEvent e) {
            if (e instanceof RunEvent.TaskFinished f) {
                heard.add("end " + f.result().id() + " " + f.result().status());
            } else if (e instanceof RunEvent.StageSkipped s) {
                heard.add("skipped " + s.number() + ": " + s.why());
            } else if (e instanceof RunEvent.Warning w) {
                heard.add("warning " + w.message());
            } else {
                heard.add(e.getClass().getSimpleName());
            }
        }
    }

    @Test
    void everyTaskEndsInTheStreamNotRunOnesAndSkippedStagesIncluded() throws Exception {
        Recorder recorder = new Recorder();
        ValidatedPlan plan = plan(stage("one", "ok", "fail") + ", " + stage("two", "ok", "ok"));
        RunReport report;
        try (HostPool hosts = HostPool.localOnly()) {
            report = executor.newRun(plan, hosts, RunId.create(), List.of(recorder)).start().await();
        }
        assertThat(report.status()).isEqualTo(RunReport.RunStatus.FAILED);
        assertThat(recorder.heard).startsWith("RunStarted", "StageStarted").endsWith(
                "StageFinished", "skipped 2: an earlier stage failed (task 1.2 failed)", "end 2.1 NOT_RUN", "end 2.2 NOT_RUN", "RunFinished");
        assertThat(recorder.heard.stream().filter(l -> l.startsWith("end "))).hasSize(plan.taskCount());
    }

    private static String whenFailed(String name, String... messages) {
        return stage(name, messages).replaceFirst("\"concurrency\": 4,", "\"concurrency\": 4, \"when\": \"failed\",");
    }

    @Test
    void aWhenFailedStageIsSkippedOnARunThatWentWellAndLeavesItSucceeded() throws Exception {
        Recorder recorder = new Recorder();
        RunReport report;
        try (HostPool hosts = HostPool.localOnly()) {
            report = executor.newRun(plan(stage("one", "ok") + ", " + whenFailed("catch", "ok")), hosts, RunId.create(), List.of(recorder)).start().await();
        }
        assertThat(report.status()).isEqualTo(RunReport.RunStatus.SUCCEEDED);
        assertThat(report.results()).extracting(TaskResult::status).containsExactly(TaskStatus.SUCCEEDED, TaskStatus.SKIPPED);
        assertThat(recorder.heard).contains("skipped 2: the run did not fail (the stage runs only when it failed, was stopped or aborted)");
    }

    @Test
    void aWhenFailedStageRunsAfterAFailureAndItsOwnFailureKeepsTheFirst() throws Exception {
        RunReport report;
        try (HostPool hosts = HostPool.localOnly()) {
            report = executor.newRun(plan(stage("one", "fail") + ", " + stage("two", "ok") + ", " + whenFailed("catch", "fail", "ok")),
                    hosts, RunId.create(), List.of()).start().await();
        }
        assertThat(report.status()).isEqualTo(RunReport.RunStatus.FAILED);
        assertThat(report.results()).extracting(r -> r.id() + " " + r.status())
                .containsExactly("1.1 FAILED", "2.1 NOT_RUN", "3.1 FAILED", "3.2 SUCCEEDED");
    }

    /** A chain of a guard and two steps on host local:NAME. */
    private static String guarded(String name, String guard) {
        String link = "{\"command\": \"step\", \"remote_host\": \"local:" + name + "\", \"message\": \"ok\"}";
        return "[{\"command\": \"guard\", \"remote_host\": \"local:" + name + "\", \"message\": \"" + guard + "\"}, " + link + ", " + link + "]";
    }

    @Test
    void aGuardThatSkipsSkipsTheRestOfItsChainAndTheOtherChainsGoOn() throws Exception {
        Recorder recorder = new Recorder();
        RunReport report;
        try (HostPool hosts = HostPool.localOnly()) {
            report = executor.newRun(plan("{\"name\": \"guarded\", \"concurrency\": 2, \"tasks\": [" + guarded("a", "skip") + ", "
                    + guarded("b", "go") + "]}"), hosts, RunId.create(), List.of(recorder)).start().await();
        }
        assertThat(report.status()).isEqualTo(RunReport.RunStatus.SUCCEEDED);
        assertThat(report.results()).extracting(r -> r.id() + " " + r.status())
                .containsExactly("1.1.1 SKIPPED", "1.1.2 SKIPPED", "1.1.3 SKIPPED", "1.2.1 SUCCEEDED", "1.2.2 SUCCEEDED", "1.2.3 SUCCEEDED");
        assertThat(report.results().get(1).message()).contains("nothing to do here");
        assertThat(recorder.heard.stream().filter(l -> l.startsWith("end "))).hasSize(6).doesNotHaveDuplicates();
    }

    @Test
    void theRunsProgressNamesEachFailureWithItsReasonAndWhetherItWasAFinishingStages() throws Exception {
        Step.PROGRESS.clear();
        try (HostPool hosts = HostPool.localOnly()) {
            executor.newRun(plan(stage("one", "fail") + ", " + whenFailed("catch", "fail") + ", " + whenFailed("then", "failures")),
                    hosts, RunId.create(), List.of()).start().await();
        }
        assertThat(Step.PROGRESS).containsExactly("false [1.1 step on local:one: NON_ZERO_EXIT, 2.1 step on local:catch: NON_ZERO_EXIT (finishing)]");
    }

    @Test
    void aListenerThatThrowsIsDetachedAndNeverTurnsAGoodRunIntoAFailedOne() throws Exception {
        Recorder after = new Recorder();
        RunListener broken = new RunListener() {
            @Override
            public void taskFinished(PlannedTask task, TaskResult result) {
                throw new IllegalStateException("report disk full");
            }
        };
        RunReport report;
        try (HostPool hosts = HostPool.localOnly()) {
            report = executor.newRun(plan(stage("one", "ok", "ok")), hosts, RunId.create(), List.of(broken, after)).start().await();
        }
        assertThat(report.status()).isEqualTo(RunReport.RunStatus.SUCCEEDED);
        assertThat(report.results()).allMatch(r -> r.status() == TaskStatus.SUCCEEDED);
        assertThat(after.heard).filteredOn(l -> l.startsWith("warning")).singleElement().asString()
                .contains("failed and was detached");
        assertThat(after.heard).filteredOn(l -> l.startsWith("end ")).hasSize(2);
    }

    /**
     * The operator's Skip (interactive mode) ends the task SKIPPED through the run's one path for a task's end: the
     * run's progress counts it (hooks and notifications read it), and the result keeps what the failure said.
     */
    @Test
    void aTaskTheOperatorSkipsIsCountedInTheRunsProgressAndKeepsItsExitStatus() throws Exception {
        Step.PROGRESS.clear();
        FailureHandler operatorSkips = (task, failure, attempt, taskPolicy, stagePolicy, idempotent, budget) ->
                new deployer.core.exec.Verdict.Skip("skipped by the operator");
        Recorder recorder = new Recorder();
        List<TaskResult> finished = Collections.synchronizedList(new ArrayList<>());
        RunListener ends = new RunListener() {
            @Override
            public void taskFinished(PlannedTask task, TaskResult result) {
                finished.add(result);
            }
        };
        String chain = "{\"name\": \"s\", \"concurrency\": 1, \"tasks\": [[{\"command\": \"step\", \"message\": \"exit 3\"},"
                + " {\"command\": \"step\", \"message\": \"counts\"}]]}";
        RunReport report;
        try (HostPool hosts = HostPool.localOnly()) {
            report = executor.newRun(plan(chain), hosts, RunId.create(), List.of(recorder, ends), null, operatorSkips).start().await();
        }
        assertThat(report.status()).isEqualTo(RunReport.RunStatus.SUCCEEDED);
        assertThat(Step.PROGRESS).containsExactly("succeeded {skipped=1}");
        TaskResult skipped = report.results().get(0);
        assertThat(skipped.status()).isEqualTo(TaskStatus.SKIPPED);
        assertThat(skipped.exitStatus()).isEqualTo(3);
        assertThat(skipped.outputTail()).containsExactly("last line");
        assertThat(skipped.message()).isEqualTo("skipped by the operator after: exited 3");
        assertThat(finished).containsExactly(skipped, report.results().get(1));
    }

    @Test
    void oneExecutorRunsTwoPlansAtOnceAndStoppingOneLeavesTheOtherAlone() throws Exception {
        Step.gate = new CountDownLatch(1);
        Step.entered = new CountDownLatch(2);
        try (HostPool hostsA = HostPool.localOnly(); HostPool hostsB = HostPool.localOnly()) {
            Run a = executor.newRun(plan(stage("a", "wait") + ", " + stage("a2", "ok")), hostsA, RunId.create(), List.of()).start();
            Run b = executor.newRun(plan(stage("b", "wait") + ", " + stage("b2", "ok")), hostsB, RunId.create(), List.of()).start();
            assertThat(Step.entered.await(30, TimeUnit.SECONDS)).isTrue();
            a.stop();
            Step.gate.countDown();
            RunReport ra = a.await();
            RunReport rb = b.await();
            assertThat(ra.status()).isEqualTo(RunReport.RunStatus.STOPPED);
            assertThat(ra.results()).extracting(TaskResult::status).containsExactly(TaskStatus.SUCCEEDED, TaskStatus.NOT_RUN);
            assertThat(rb.status()).isEqualTo(RunReport.RunStatus.SUCCEEDED);
            assertThat(a.report()).contains(ra);
            // The executor keeps no run state: a third run after a stopped one runs normally.
            RunReport rc = executor.newRun(plan(stage("c", "ok")), hostsA, RunId.create(), List.of()).start().await();
            assertThat(rc.status()).isEqualTo(RunReport.RunStatus.SUCCEEDED);
        } finally {
            Step.gate = new CountDownLatch(0);
        }
    }
}
