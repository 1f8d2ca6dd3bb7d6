package deployer.core.internal.exec;

import deployer.core.exec.RunReport;
import deployer.core.exec.ValidatedPlan;
import deployer.core.internal.host.HostPool;

import deployer.core.internal.journal.JournalState;
import deployer.core.internal.journal.ResumePoint;
import deployer.core.json.TasklistReader;
import deployer.core.model.RunId;
import deployer.core.model.StagePolicy;
import deployer.core.model.TaskId;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.FailureReason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules of a run that only the end-to-end suite covered (issue 20, item 5): a resume skips what is done, a dry run
 * never hands a command the real context, a timeout's interrupt stays with its task, a finishing stage is not gated
 * by dropped hosts, each stage without a rollout has a budget of its own, and the budget's limits hold at their
 * boundaries (100 % and 0 failures).
 */
class RunRulesTest {

    /** What each task saw when it ran, by its key: "dry run" or "real", and "interrupted" if it started so. */
    static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    /**
     * Does what {@code does} says: {@code ok}, {@code fail}, or {@code hang} until interrupted (then, as a careful
     * command does, it keeps the interrupt for its caller and reports the failure). {@code rerun} makes it a command
     * that runs again on a resume, {@code previews: false} one that a dry run leaves out.
     */
    public static final class Probe implements Command {
        private String key;
        private String does;
        private boolean rerun;
        private boolean previews;

        @Override
        public String name() {
            return "probe";
        }

        @Override
        public void initialize(Arguments args) {
            key = args.string("key");
            does = args.string("does", "ok");
            rerun = args.bool("rerun", false);
            previews = args.bool("previews", true);
        }

        @Override
        public boolean rerunOnResume() {
            return rerun;
        }

        @Override
        public boolean previews() {
            return previews;
        }

        @Override
        public CommandResult execute(CommandContext context) {
            SEEN.put(key, (context.dryRun() ? "dry run" : "real") + (Thread.currentThread().isInterrupted() ? " interrupted" : ""));
            if (does.equals("hang")) {
                try {
                    new CountDownLatch(1).await(60, TimeUnit.SECONDS);
                    return CommandResult.failed(FailureReason.COMMAND_ERROR, "never interrupted");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return CommandResult.failed(FailureReason.INTERRUPTED, "interrupted");
                }
            }
            return does.equals("fail") ? CommandResult.failed(FailureReason.NON_ZERO_EXIT, key + " failed") : CommandResult.changed(key);
        }
    }

    private final Engine executor = new Engine(CommandRegistry.of(Probe.class), List.of());

    @BeforeEach
    void clear() {
        SEEN.clear();
    }

    private ValidatedPlan plan(String stages) throws Exception {
        return executor.validate(TasklistReader.read("{\"name\": \"p\", \"stages\": [" + stages + "]}", "p.json"), false);
    }

    private static String stage(String name, String keys, String... tasks) {
        return "{\"name\": \"" + name + "\", \"concurrency\": 1" + (keys.isEmpty() ? "" : ", " + keys) + ", \"tasks\": ["
                + String.join(", ", tasks) + "]}";
    }

    private static String task(String host, String key, String more) {
        return "{\"command\": \"probe\", \"remote_host\": \"local:" + host + "\", \"key\": \"" + key + "\"" + more + "}";
    }

    private RunReport run(ValidatedPlan plan, ResumePoint resume) {
        try (HostPool hosts = HostPool.localOnly()) {
            return executor.newRun(plan, hosts, RunId.create(), List.of(), resume).start().await();
        }
    }

    private static List<String> statuses(RunReport report) {
        return report.results().stream().map(r -> r.id() + " " + r.status()).toList();
    }

    private static ResumePoint done(TaskId... ids) {
        JournalState journal = new JournalState(Path.of("run.journal"), "earlier", "sha", Map.of(), List.of());
        return new ResumePoint(journal, Set.of(ids));
    }

    @Test
    void aResumedRunLeavesDoneTasksAloneAndRunsTheRest() throws Exception {
        ValidatedPlan plan = plan(stage("deploy", "", task("a", "done", ""), task("a", "left", ""), task("a", "again", ", \"rerun\": true")));

        RunReport report = run(plan, done(TaskId.of(1, 1), TaskId.of(1, 3)));

        assertThat(statuses(report)).containsExactly("1.1 ALREADY_DONE", "1.2 SUCCEEDED", "1.3 SUCCEEDED");
        assertThat(report.results().get(0).message()).isEqualTo("done in an earlier run of run.journal");
        assertThat(SEEN).containsOnlyKeys("left", "again");
        assertThat(report.status()).isEqualTo(RunReport.RunStatus.SUCCEEDED);
    }

    @Test
    void aResumedRunsWhenFailedStageAnswersThisRunsFailureAndRunsItsDoneTasksAgain() throws Exception {
        ValidatedPlan plan = plan(stage("deploy", "", task("a", "fails", ", \"does\": \"fail\""))
                + ", " + stage("catch", "\"when\": \"failed\"", task("a", "undo", "")));

        RunReport report = run(plan, done(TaskId.of(2, 1)));

        assertThat(statuses(report)).containsExactly("1.1 FAILED", "2.1 SUCCEEDED");
        assertThat(SEEN).containsOnlyKeys("fails", "undo");
    }

    @Test
    void aDryRunHandsEveryCommandADryRunContextAndLeavesOutCommandsThatDoNotPreview() throws Exception {
        ValidatedPlan plan = plan(stage("s", "", task("a", "one", ""), "[" + task("b", "two", "") + ", "
                + task("b", "blind", ", \"previews\": false") + "]"));

        RunReport report;
        try (HostPool hosts = HostPool.localOnly()) {
            report = executor.newDryRun(plan, hosts, RunId.create()).start().await();
        }

        assertThat(SEEN).containsExactlyInAnyOrderEntriesOf(Map.of("one", "dry run", "two", "dry run"));
        assertThat(statuses(report)).containsExactly("1.1 SUCCEEDED", "1.2.1 SUCCEEDED");
    }

    @Test
    void aTimeoutFailsItsTaskAsTimeoutAndTheNextTaskOnTheSameThreadStartsUninterrupted() throws Exception {
        // One thread for the stage: the task after the timed-out one runs on the thread the deadline interrupted. (A
        // deadline firing late, after its task ended, is DeadlineTest's: the pool's own clearing hides it here.)
        ValidatedPlan plan = plan(stage("s", "\"on_failure\": \"continue\", \"max_fail_percentage\": 100",
                task("a", "slow", ", \"does\": \"hang\", \"timeout\": 0.2"), task("b", "next", ""), task("c", "after", ", \"timeout\": 30")));

        RunReport report = run(plan, null);

        assertThat(report.results().get(0).reason()).isEqualTo(FailureReason.TIMEOUT);
        assertThat(report.results().get(0).message()).isEqualTo("timed out after 0.2 s");
        assertThat(SEEN).containsEntry("next", "real").containsEntry("after", "real");
        assertThat(statuses(report)).containsExactly("1.1 FAILED", "1.2 SUCCEEDED", "1.3 SUCCEEDED");
    }

    @Test
    void aFinishingStageRunsOnAHostThatDroppedOutOfTheRun() throws Exception {
        ValidatedPlan plan = plan(stage("deploy", "\"on_failure\": \"continue\", \"max_failures\": 1",
                        task("a", "a-deploy", ", \"does\": \"fail\""), task("b", "b-deploy", ""))
                + ", " + stage("check", "", task("a", "a-check", ""), task("b", "b-check", ""))
                + ", " + stage("unlock", "\"always\": true", task("a", "a-unlock", ""), task("b", "b-unlock", "")));

        RunReport report = run(plan, null);

        assertThat(statuses(report)).containsExactly("1.1 FAILED", "1.2 SUCCEEDED", "2.1 NOT_RUN", "2.2 SUCCEEDED",
                "3.1 SUCCEEDED", "3.2 SUCCEEDED");
        assertThat(report.results().get(2).message()).startsWith("not run: host local:a failed earlier");
    }

    @Test
    void stagesWithoutARolloutEachHaveABudgetOfTheirOwn() throws Exception {
        // One failed host in each stage, each within its own max_failures 1; one shared budget would be spent (2 > 1).
        String budget = "\"on_failure\": \"continue\", \"max_failures\": 1";
        ValidatedPlan plan = plan(stage("one", budget, task("a", "a1", ", \"does\": \"fail\""), task("b", "b1", ""))
                + ", " + stage("two", budget, task("c", "c2", ", \"does\": \"fail\""), task("b", "b2", ""))
                + ", " + stage("three", "", task("b", "b3", "")));

        RunReport report = run(plan, null);

        assertThat(statuses(report)).containsExactly("1.1 FAILED", "1.2 SUCCEEDED", "2.1 FAILED", "2.2 SUCCEEDED", "3.1 SUCCEEDED");
        assertThat(report.status()).isEqualTo(RunReport.RunStatus.FAILED);
    }

    @Test
    void maxFailPercentage100IsAcceptedAndGoesOnWhateverFails() throws Exception {
        ValidatedPlan plan = plan(stage("deploy", "\"on_failure\": \"continue\", \"max_fail_percentage\": 100",
                task("a", "a1", ", \"does\": \"fail\""), task("b", "b1", ", \"does\": \"fail\""))
                + ", " + stage("finish", "", task("c", "c", "")));
        assertThat(plan.stages().get(0).stage().policy()).isEqualTo(new StagePolicy(deployer.core.model.OnFailure.CONTINUE, null, 100, null));

        RunReport report = run(plan, null);

        assertThat(statuses(report)).containsExactly("1.1 FAILED", "1.2 FAILED", "2.1 SUCCEEDED");
    }

    @Test
    void maxFailures0IsAcceptedAndTheFirstFailureSpendsTheBudget() throws Exception {
        ValidatedPlan plan = plan(stage("deploy", "\"on_failure\": \"continue\", \"max_failures\": 0",
                task("a", "a1", ", \"does\": \"fail\""), task("b", "b1", ""))
                + ", " + stage("finish", "", task("c", "c", "")));
        assertThat(plan.stages().get(0).stage().policy().maxFailures()).isZero();

        RunReport report = run(plan, null);

        assertThat(statuses(report)).containsExactly("1.1 FAILED", "1.2 NOT_RUN", "2.1 NOT_RUN");
        assertThat(report.results().get(1).message()).isEqualTo("not run: the failure budget is spent: rollout 'stage 1 'deploy'':"
                + " 1 of 2 hosts failed, max_failures 0");
    }
}
