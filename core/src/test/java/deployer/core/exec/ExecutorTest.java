package deployer.core.exec;

import deployer.core.host.HostPool;
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

class ExecutorTest {

    static final ConcurrentLinkedQueue<String> EXECUTED = new ConcurrentLinkedQueue<>();

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
            EXECUTED.add(message);
            if (message.equals("throw")) {
                throw new IllegalStateException("boom");
            }
            return message.equals("fail") ? CommandResult.failed(FailureReason.NON_ZERO_EXIT, "asked to fail") : CommandResult.succeeded();
        }
    }

    private final Executor executor = new Executor(CommandRegistry.of(Record.class), List.of());

    @BeforeEach
    void clear() {
        EXECUTED.clear();
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
                "'retries' is reserved for the engine and not supported yet",
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
        Executor withListener = new Executor(CommandRegistry.of(Record.class), List.of(recorder));
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
