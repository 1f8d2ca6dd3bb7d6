package deployer.core.internal.exec;

import deployer.core.exec.PlannedTask;
import deployer.core.exec.Run;
import deployer.core.exec.RunListener;
import deployer.core.exec.RunReport;
import deployer.core.exec.TaskResult;
import deployer.core.exec.TaskStatus;
import deployer.core.exec.ValidatedPlan;

import deployer.core.internal.host.HostPool;
import deployer.core.json.TasklistReader;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.FailureReason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class EngineTest {

    static final ConcurrentLinkedQueue<String> EXECUTED = new ConcurrentLinkedQueue<>();
    /** What a task does besides recording, by message (e.g. press Ctrl-C), so a test controls when it happens. */
    static final java.util.Map<String, Runnable> HOOKS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Records its message when executed; fails when the message is "fail"; throws when it is "throw". */
    public static final class Record implements Command {
        private String message;

        @Override
        public String name() {
            return "record";
        }

        @Override
        public void initialize(Arguments args) {
            message = args.string("message");
        }

        @Override
        public CommandResult execute(CommandContext context) {
            EXECUTED.add(message.equals("id") ? "id " + context.runId() : message);
            HOOKS.getOrDefault(message, () -> { }).run();
            if (message.equals("throw")) {
                throw new IllegalStateException("boom");
            }
            return message.equals("fail") ? CommandResult.failed(FailureReason.NON_ZERO_EXIT, "asked to fail") : CommandResult.succeeded();
        }
    }

    private final Engine executor = new Engine(CommandRegistry.of(Record.class), List.of());
    /** The run under way, for hooks that press Ctrl-C from inside a task. */
    private final java.util.concurrent.atomic.AtomicReference<Run> current = new java.util.concurrent.atomic.AtomicReference<>();

    @BeforeEach
    void clear() {
        EXECUTED.clear();
        HOOKS.clear();
    }

    @Test
    void problemsInTheLastStageStopTheWholeRunBeforeAnythingExecutes() throws Exception {
        String json = """
                {
                  "name": "plan",
                  "stages": [
                    { "name": "first", "concurrency": 1, "tasks": [ { "command": "record", "message": "one" } ] },
                    { "name": "last", "concurrency": 1, "tasks": [
                        { "command": "recrod", "message": "typo" },
                        [ { "command": "record", "message": "ok" }, { "command": "record" } ]
                    ] }
                  ]
                }
                """;
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> executor.validate(TasklistReader.read(json, "plan.json"), false));

        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "plan.json:6:9 task 2.1: unknown command 'recrod'; known commands: record",
                "plan.json:7:53 task 2.2.2 (record): missing required argument 'message' (a string)");
        assertThat(EXECUTED).isEmpty();
    }

    @Test
    void unknownArgumentsReservedKeysAndBadHostsAreProblems() throws Exception {
        String json = """
                { "name": "p", "stages": [ { "name": "s", "concurrency": 2, "tasks": [
                  { "command": "record", "message": "a", "mesage": "typo" },
                  { "command": "record", "message": "b", "retries": 3 },
                  { "command": "record", "message": "c", "remote_host": "be001" },
                  { "command": "record", "message": "d", "remote_host": "be001:99999" }
                ] } ] }
                """;
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> executor.validate(TasklistReader.read(json, "p.json"), false));
        assertThat(e.problems()).extracting(Problem::message).containsExactly(
                "unknown argument 'mesage'; 'record' takes: message",
                "'retries' needs idempotent work: 'record' does not declare itself idempotent (running it again after a partial"
                        + " run may do harm); if running this task twice is safe, add \"idempotent\": true to it",
                "remote_host 'be001' needs SSH, which this run cannot use; use local or local:NAME",
                "remote_host: expected host or host:port with a port from 1 to 65535, got 'be001:99999'");
    }

    @Test
    void stagesRunInOrderAndAFailureEndsTheRunWithEveryTaskAccountedFor() throws Exception {
        String json = """
                { "name": "p", "stages": [
                  { "name": "one", "concurrency": 1, "tasks": [ { "command": "record", "message": "a" }, { "command": "record", "message": "fail" }, { "command": "record", "message": "b" } ] },
                  { "name": "two", "concurrency": 1, "tasks": [ { "command": "record", "message": "c" } ] }
                ] }
                """;
        ValidatedPlan plan = executor.validate(TasklistReader.read(json, "p.json"), false);
        RunReport report;
        try (HostPool hosts = HostPool.localOnly()) {
            report = executor.run(plan, hosts);
        }
        assertThat(EXECUTED).containsExactly("a", "fail");
        assertThat(report.status()).isEqualTo(RunReport.RunStatus.FAILED);
        assertThat(report.results()).extracting(r -> r.id() + " " + r.status()).containsExactly(
                "1.1 SUCCEEDED", "1.2 FAILED", "1.3 NOT_RUN", "2.1 NOT_RUN");
        assertThat(report.failures().get(0).reason()).isEqualTo(FailureReason.NON_ZERO_EXIT);
        assertThat(report.failures().get(0).host()).isEqualTo("local");
    }

    private RunReport run(String json) throws Exception {
        try (HostPool hosts = HostPool.localOnly()) {
            Run run = executor.newRun(executor.validate(TasklistReader.read(json, "p.json"), false), hosts,
                    new deployer.core.model.RunId("20261127T132713Z-4f9a"), List.of());
            current.set(run);
            return run.start().await();
        }
    }

    private static String stage(String name, boolean always, String... messages) {
        return "{ \"name\": \"" + name + "\", \"concurrency\": 1, " + (always ? "\"always\": true, " : "") + "\"tasks\": ["
                + java.util.Arrays.stream(messages).map(m -> "{ \"command\": \"record\", \"message\": \"" + m + "\", \"remote_host\": \"local:h\" }")
                .collect(java.util.stream.Collectors.joining(", ")) + "] }";
    }

    private static String plan(String... stages) {
        return "{ \"name\": \"p\", \"stages\": [" + String.join(", ", stages) + "] }";
    }

    @Test
    void anAlwaysStageRunsAfterAFailureAndTheRunStillFails() throws Exception {
        RunReport report = run(plan(stage("one", false, "fail"), stage("two", false, "b"), stage("finally", true, "id", "c")));
        assertThat(EXECUTED).containsExactly("fail", "id 20261127T132713Z-4f9a", "c");
        assertThat(report.status()).isEqualTo(RunReport.RunStatus.FAILED);
        assertThat(report.results()).extracting(r -> r.id() + " " + r.status()).containsExactly(
                "1.1 FAILED", "2.1 NOT_RUN", "3.1 SUCCEEDED", "3.2 SUCCEEDED");
    }

    @Test
    void aStopLeavesAnAlwaysStageUnderWayAlone() throws Exception {
        HOOKS.put("stop", () -> current.get().stop());
        RunReport report = run(plan(stage("one", false, "stop", "b"), stage("two", false, "c"),
                stage("finally", true, "stop", "d"), stage("last", false, "e")));
        assertThat(EXECUTED).containsExactly("stop", "stop", "d");
        assertThat(report.status()).isEqualTo(RunReport.RunStatus.STOPPED);
        assertThat(report.results()).extracting(r -> r.id() + " " + r.status()).containsExactly(
                "1.1 SUCCEEDED", "1.2 NOT_RUN", "2.1 NOT_RUN", "3.1 SUCCEEDED", "3.2 SUCCEEDED", "4.1 NOT_RUN");
    }

    @Test
    void afterAnAbortAlwaysStagesRunOnFreshHostsAndAThirdCtrlCGivesUpOnThem() throws Exception {
        // Ctrl-C twice in the first stage (stop, abort: the hosts are closed); the finishing stage still runs, on
        // reopened hosts (a closed pool would fail its task); one more Ctrl-C in a finishing stage gives up on the
        // rest of it and on later finishing stages.
        HOOKS.put("ctrl-c twice", () -> {
            current.get().stop();
            current.get().abort();
        });
        HOOKS.put("ctrl-c", () -> current.get().abort());
        RunReport report = run(plan(stage("one", false, "ctrl-c twice"), stage("two", false, "x"),
                stage("finally", true, "a"), stage("more", true, "ctrl-c", "y"), stage("end", true, "z")));
        assertThat(EXECUTED).containsExactly("ctrl-c twice", "a", "ctrl-c");
        assertThat(report.results()).extracting(r -> r.id() + " " + r.status()).containsExactly(
                "1.1 SUCCEEDED", "2.1 NOT_RUN", "3.1 SUCCEEDED", "4.1 SUCCEEDED", "4.2 NOT_RUN", "5.1 NOT_RUN");
        assertThat(report.results().get(1).message()).isEqualTo("not run: the run was aborted");
        assertThat(report.results().get(5).message()).isEqualTo("not run: the run gave up on its finishing stages");
    }

    @Test
    void aThrowingCommandFailsItsTaskWithCommandError() throws Exception {
        String json = """
                { "name": "p", "stages": [ { "name": "s", "concurrency": 1, "tasks": [ { "command": "record", "message": "throw", "remote_host": "local:x" } ] } ] }
                """;
        RunReport report;
        try (HostPool hosts = HostPool.localOnly()) {
            report = executor.run(executor.validate(TasklistReader.read(json, "p.json"), false), hosts);
        }
        TaskResult r = report.results().get(0);
        assertThat(r.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(r.reason()).isEqualTo(FailureReason.COMMAND_ERROR);
        assertThat(r.message()).contains("boom");
        assertThat(r.host()).isEqualTo("local:x");
    }

    @Test
    void listenersHearEveryEventInOrder() throws Exception {
        ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
        RunListener recorder = new RunListener() {
            @Override public void runStarted(deployer.core.model.Tasklist t) { events.add("run " + t.name()); }
            @Override public void stageStarted(int n, deployer.core.model.Stage s) { events.add("stage " + n); }
            @Override public void taskStarted(PlannedTask t) { events.add("start " + t.id()); }
            @Override public void taskFinished(PlannedTask t, TaskResult r) { events.add("end " + t.id() + " " + r.status()); }
            @Override public void stageFinished(int n, deployer.core.model.Stage s, List<TaskResult> r) { events.add("stage end " + n); }
            @Override public void runFinished(RunReport r) { events.add("run end " + r.status()); }
        };
        Engine withListener = new Engine(CommandRegistry.of(Record.class), List.of(recorder));
        String json = """
                { "name": "p", "stages": [ { "name": "s", "concurrency": 1, "tasks": [ [ { "command": "record", "message": "a" }, { "command": "record", "message": "b" } ] ] } ] }
                """;
        try (HostPool hosts = HostPool.localOnly()) {
            withListener.run(withListener.validate(TasklistReader.read(json, "p.json"), false), hosts);
        }
        assertThat(events).containsExactly("run p", "stage 1", "start 1.1.1", "end 1.1.1 SUCCEEDED",
                "start 1.1.2", "end 1.1.2 SUCCEEDED", "stage end 1", "run end SUCCEEDED");
    }

    @Test
    void anEmptyTasklistIsAProblem() {
        assertThatThrownBy(() -> executor.validate(TasklistReader.read("{\"name\":\"p\",\"stages\":[]}", "p.json"), false))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("the tasklist has no stages");
    }
}
