package deployer.core.internal.journal;

import deployer.core.exec.PlannedTask;
import deployer.core.exec.RunEvent;
import deployer.core.exec.RunReport;
import deployer.core.exec.TaskResult;
import deployer.core.exec.TaskStatus;
import deployer.core.json.TasklistReader;
import deployer.core.model.HostAddress;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Task;
import deployer.core.model.TaskId;
import deployer.core.model.Tasklist;
import deployer.core.spi.FailureReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalTest {

    private static final String PLAN = """
            {"name": "p", "stages": [{"name": "s", "concurrency": 2, "tasks": [
              {"command": "test_command", "message": "a"},
              [{"command": "test_command", "message": "b"}, {"command": "test_command", "message": "c"}]
            ]}]}""";

    private static PlannedTask planned(TaskId id) {
        return new PlannedTask(id, Task.builder("test_command").build(), HostAddress.parse(null), null);
    }

    private static TaskResult result(TaskId id, TaskStatus status) {
        return new TaskResult(id, "test_command", "local", null, status,
                status == TaskStatus.FAILED ? FailureReason.NON_ZERO_EXIT : null, "m", List.of(), Instant.now(), Instant.now());
    }

    @Test
    void eachTaskEndsInItsLastStateAndAStartWithoutEndIsKept(@TempDir Path dir) throws Exception {
        Tasklist plan = TasklistReader.read(PLAN, "plan.json");
        Path file = dir.resolve("run.journal");
        TaskId a = TaskId.of(1, 1);
        TaskId b = new TaskId(1, 2, 1);
        TaskId c = new TaskId(1, 2, 2);
        try (Journal j = Journal.open(file, "run-1", TasklistHash.of(plan))) {
            j.onEvent(new RunEvent.RunStarted(Instant.now(), "run-1", plan));
            j.onEvent(new RunEvent.TaskStarted(Instant.now(), planned(a), 1));
            j.onEvent(new RunEvent.TaskStarted(Instant.now(), planned(b), 1));
            j.onEvent(new RunEvent.TaskFinished(Instant.now(), planned(a), result(a, TaskStatus.FAILED)));
            j.onEvent(new RunEvent.TaskFinished(Instant.now(), planned(c), result(c, TaskStatus.NOT_RUN)));
            // No end for b: the controller died while it ran.
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        JournalState first = JournalReader.read(file);
        assertThat(first.tasklistSha256()).isEqualTo(TasklistHash.of(plan)).hasSize(64);
        assertThat(first.state(a)).contains(JournalState.TaskState.FAILED);
        assertThat(first.state(b)).contains(JournalState.TaskState.STARTED_WITHOUT_END);
        assertThat(first.state(c)).contains(JournalState.TaskState.NOT_RUN);

        // A resumed run appends to the same file; the last word about a task wins.
        try (Journal j = Journal.open(file, "run-2", TasklistHash.of(plan))) {
            j.onEvent(new RunEvent.RunStarted(Instant.now(), "run-2", plan));
            j.onEvent(new RunEvent.TaskFinished(Instant.now(), planned(a), result(a, TaskStatus.SUCCEEDED)));
            j.onEvent(new RunEvent.RunFinished(Instant.now(), new RunReport("p", RunReport.RunStatus.SUCCEEDED, List.of(), Instant.now(), Instant.now())));
        }
        JournalState second = JournalReader.read(file);
        assertThat(second.lastRunId()).isEqualTo("run-2");
        assertThat(second.state(a)).contains(JournalState.TaskState.SUCCEEDED);
        assertThat(second.state(b)).contains(JournalState.TaskState.STARTED_WITHOUT_END);
        assertThat(second.problems()).isEmpty();
    }

    /** What each line says, as a reader of the file (or a person with jq) finds it. */
    @Test
    void eachLineCarriesItsFieldsAndTheEnvironmentOnlyWhenTheRunHasOne(@TempDir Path dir) throws Exception {
        Tasklist plan = TasklistReader.read(PLAN, "plan.json");
        TaskId a = TaskId.of(1, 1);
        TaskId b = new TaskId(1, 2, 1);
        Path staging = dir.resolve("staging.journal");
        Instant started = Instant.parse("2026-12-07T10:00:00Z");
        Instant finished = Instant.parse("2026-12-07T10:00:05Z");
        try (Journal j = Journal.open(staging, "run-1", TasklistHash.of(plan), "staging")) {
            j.onEvent(new RunEvent.RunStarted(Instant.now(), "run-1", plan));
            j.onEvent(new RunEvent.TaskFinished(Instant.now(), planned(a), new TaskResult(a, "test_command", "local", null,
                    TaskStatus.FAILED, FailureReason.NON_ZERO_EXIT, "m", List.of(), started, finished)));
            j.onEvent(new RunEvent.TaskFinished(Instant.now(), planned(b), new TaskResult(b, "test_command", "local", null,
                    TaskStatus.NOT_RUN, null, "not run", List.of(), null, null)));
            j.onEvent(new RunEvent.StageFinished(Instant.now(), 1, plan.stages().get(0), List.of(result(a, TaskStatus.FAILED))));
            j.onEvent(new RunEvent.StageFinished(Instant.now(), 2, plan.stages().get(0), List.of(result(b, TaskStatus.SUCCEEDED))));
            j.onEvent(new RunEvent.RunFinished(Instant.now(), new RunReport("p", RunReport.RunStatus.FAILED, List.of(), Instant.now(), Instant.now())));
        }
        List<com.fasterxml.jackson.databind.JsonNode> lines = jsonLines(staging);
        assertThat(lines.get(0).path("environment").asText()).isEqualTo("staging");
        com.fasterxml.jackson.databind.JsonNode failed = lines.get(1);
        assertThat(failed.path("reason").asText()).isEqualTo("NON_ZERO_EXIT");
        assertThat(failed.path("started").asText()).isEqualTo("2026-12-07T10:00:00Z");
        assertThat(failed.path("finished").asText()).isEqualTo("2026-12-07T10:00:05Z");
        com.fasterxml.jackson.databind.JsonNode notRun = lines.get(2);
        assertThat(notRun.has("reason")).isTrue();
        assertThat(notRun.path("reason").isNull()).isTrue();
        assertThat(notRun.path("started").isNull()).isTrue();
        assertThat(notRun.path("finished").isNull()).isTrue();
        assertThat(lines.get(3).path("failed").asBoolean()).isTrue();
        assertThat(lines.get(4).path("failed").asBoolean()).isFalse();
        assertThat(lines.get(4).path("failed").isBoolean()).isTrue();
        assertThat(lines.get(5).path("event").asText()).isEqualTo("run_finished");
        assertThat(lines.get(5).path("status").asText()).isEqualTo("FAILED");
        assertThat(lines).hasSize(6);

        Path plain = dir.resolve("plain.journal");
        try (Journal j = Journal.open(plain, "run-2", TasklistHash.of(plan))) {
            j.onEvent(new RunEvent.RunStarted(Instant.now(), "run-2", plan));
        }
        assertThat(jsonLines(plain).get(0).has("environment")).as("no environment, no key").isFalse();
    }

    /** A journal copied or edited by hand may lack its final newline; its last line is still a whole line. */
    @Test
    void aWholeLastLineWithoutItsNewlineIsRead(@TempDir Path dir) throws Exception {
        Tasklist plan = TasklistReader.read(PLAN, "plan.json");
        TaskId a = TaskId.of(1, 1);
        Path file = dir.resolve("run.journal");
        try (Journal j = Journal.open(file, "run-1", TasklistHash.of(plan))) {
            j.onEvent(new RunEvent.RunStarted(Instant.now(), "run-1", plan));
            j.onEvent(new RunEvent.TaskFinished(Instant.now(), planned(a), result(a, TaskStatus.SUCCEEDED)));
        }
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.length() - 1));

        JournalState state = JournalReader.read(file);
        assertThat(state.state(a)).contains(JournalState.TaskState.SUCCEEDED);
        assertThat(state.problems()).isEmpty();
    }

    /** A NUL is what no journal writer writes, even as a line's first byte: the line is "not text", said so. */
    @Test
    void aLineStartingWithNulIsNotText(@TempDir Path dir) throws Exception {
        Tasklist plan = TasklistReader.read(PLAN, "plan.json");
        Path file = dir.resolve("run.journal");
        try (Journal j = Journal.open(file, "run-1", TasklistHash.of(plan))) {
            j.onEvent(new RunEvent.RunStarted(Instant.now(), "run-1", plan));
        }
        Files.writeString(file, "\0{\"event\": \"warning\"}\n{\"event\": \"warning\"}\n", StandardOpenOption.APPEND);

        assertThatThrownBy(() -> JournalReader.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file + ":2").hasMessageContaining("not text (bytes that are not UTF-8, or NUL)");
    }

    private static List<com.fasterxml.jackson.databind.JsonNode> jsonLines(Path file) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<com.fasterxml.jackson.databind.JsonNode> out = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(json.readTree(line));
        }
        return out;
    }

    /** Lines are fsynced in groups, but each is in the file (the OS has it) before the publisher goes on. */
    @Test
    void everyLineIsInTheFileWhenItsEventReturnsAndTheSyncerEndsWithTheJournal(@TempDir Path dir) throws Exception {
        Tasklist plan = TasklistReader.read(PLAN, "plan.json");
        Path file = dir.resolve("syncer-check.journal");
        TaskId a = TaskId.of(1, 1);
        Journal j = Journal.open(file, "run-1", TasklistHash.of(plan));
        j.onEvent(new RunEvent.RunStarted(Instant.now(), "run-1", plan));
        j.onEvent(new RunEvent.TaskStarted(Instant.now(), planned(a), 1));
        // Read by another reader while the journal is open and its group sync has not run yet.
        assertThat(JournalReader.read(file).state(a)).contains(JournalState.TaskState.STARTED_WITHOUT_END);
        j.onEvent(new RunEvent.TaskFinished(Instant.now(), planned(a), result(a, TaskStatus.SUCCEEDED)));
        assertThat(JournalReader.read(file).state(a)).contains(JournalState.TaskState.SUCCEEDED);
        assertThat(syncers(file)).as("one syncer while lines wait").hasSize(1);
        j.close();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!syncers(file).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(syncers(file)).as("the syncer ends with the journal").isEmpty();
        assertThat(Files.readAllLines(file)).hasSize(3);
    }

    /** An abort interrupts the task threads, and their ends must still be journalled (a FileChannel would close). */
    @Test
    void anEventPublishedByAnInterruptedThreadIsWrittenAndTheJournalGoesOn(@TempDir Path dir) throws Exception {
        Tasklist plan = TasklistReader.read(PLAN, "plan.json");
        Path file = dir.resolve("interrupted.journal");
        TaskId a = TaskId.of(1, 1);
        TaskId b = new TaskId(1, 2, 1);
        try (Journal j = Journal.open(file, "run-1", TasklistHash.of(plan))) {
            j.onEvent(new RunEvent.RunStarted(Instant.now(), "run-1", plan));
            Thread.currentThread().interrupt();
            try {
                j.onEvent(new RunEvent.TaskFinished(Instant.now(), planned(a), result(a, TaskStatus.FAILED)));
            } finally {
                assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
            }
            j.onEvent(new RunEvent.TaskFinished(Instant.now(), planned(b), result(b, TaskStatus.SUCCEEDED)));
        }
        JournalState state = JournalReader.read(file);
        assertThat(state.state(a)).contains(JournalState.TaskState.FAILED);
        assertThat(state.state(b)).contains(JournalState.TaskState.SUCCEEDED);
    }

    /** This journal's syncer threads (other tests' journals may still be closing theirs). */
    private static List<Thread> syncers(Path journal) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("journal-sync " + journal.getFileName()) && t.isAlive()).toList();
    }

    @Test
    void aLastLineCutShortByACrashIsReportedNotFatalButDamageInTheMiddleIs(@TempDir Path dir) throws Exception {
        Tasklist plan = TasklistReader.read(PLAN, "plan.json");
        Path file = dir.resolve("run.journal");
        try (Journal j = Journal.open(file, "run-1", TasklistHash.of(plan))) {
            j.onEvent(new RunEvent.RunStarted(Instant.now(), "run-1", plan));
            j.onEvent(new RunEvent.TaskStarted(Instant.now(), planned(TaskId.of(1, 1)), 1));
        }
        Files.writeString(file, "{\"event\":\"task_fini", StandardOpenOption.APPEND);
        JournalState state = JournalReader.read(file);
        assertThat(state.problems()).singleElement().asString().contains(":3: last line cut short");
        assertThat(state.state(TaskId.of(1, 1))).contains(JournalState.TaskState.STARTED_WITHOUT_END);

        Files.writeString(file, "\n{\"event\":\"stage_started\"}\n", StandardOpenOption.APPEND);
        assertThatThrownBy(() -> JournalReader.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(":3").hasMessageContaining("not a journal line");
    }

    @Test
    void aJournalOfAnotherVersionOrWithoutARunIsRefused(@TempDir Path dir) throws Exception {
        Path future = dir.resolve("future.journal");
        Files.writeString(future, "{\"journal_version\": 99, \"event\": \"run_started\", \"tasklist_sha256\": \"x\"}\n");
        assertThatThrownBy(() -> JournalReader.read(future)).hasMessageContaining("journal version 99 is not supported");
        Path empty = dir.resolve("empty.journal");
        Files.writeString(empty, "");
        assertThatThrownBy(() -> JournalReader.read(empty)).hasMessageContaining("holds no run");
        assertThatThrownBy(() -> JournalReader.read(dir.resolve("missing"))).hasMessageContaining("no such journal file");
    }

    @Test
    void theHashIgnoresLayoutButNotValues() throws Exception {
        Tasklist plan = TasklistReader.read(PLAN, "a.json");
        Tasklist relaidOut = TasklistReader.read(PLAN.replace("\n", " ").replace("{\"command\": \"test_command\", \"message\": \"a\"}",
                "{\"message\": \"a\",    \"command\": \"test_command\"}"), "b.json");
        Tasklist edited = TasklistReader.read(PLAN.replace("\"message\": \"a\"", "\"message\": \"A\""), "c.json");
        assertThat(TasklistHash.of(relaidOut)).isEqualTo(TasklistHash.of(plan));
        assertThat(TasklistHash.of(edited)).isNotEqualTo(TasklistHash.of(plan));
    }
}
