package deployer.core.json;

import deployer.core.model.Chain;
import deployer.core.model.InvalidInputException;
import deployer.core.model.OnFailure;
import deployer.core.model.Problem;
import deployer.core.model.Secret;
import deployer.core.model.Stage;
import deployer.core.model.StageItem;
import deployer.core.model.StagePolicy;
import deployer.core.model.Task;
import deployer.core.model.Tasklist;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TasklistReaderTest {

    private static List<String> problems(String json) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> TasklistReader.read(json, "t.json"));
        assertThat(e).as("expected the tasklist to be rejected").isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    private static String stage(String body) {
        return "{\"name\": \"p\", \"stages\": [" + body + "]}";
    }

    @Test
    void theArchitectureExampleReadsIntoTasksAndChains() throws Exception {
        Tasklist t = TasklistReader.read("""
                {
                  "name": "Test Generator",
                  "stages": [
                    { "name": "Test stage", "concurrency": 1, "concurrency_per_host": 1,
                      "tasks": [
                        { "command": "test_command", "message": "Hello World" },
                        [ { "command": "stop_service",  "remote_host": "be001", "tag": "worker1", "servicename": "worker1" },
                          { "command": "start_service", "remote_host": "be001", "tag": "worker1", "servicename": "worker1" } ]
                      ] }
                  ]
                }
                """, "t.json");
        Stage s = t.stages().get(0);
        assertThat(s.concurrency()).isEqualTo(1);
        assertThat(s.concurrencyPerHost()).isEqualTo(1);
        assertThat(s.items().get(0)).isInstanceOf(StageItem.Single.class);
        Chain chain = (Chain) s.items().get(1);
        Task stop = chain.links().get(0);
        assertThat(stop.command()).isEqualTo("stop_service");
        assertThat(stop.remoteHost()).isEqualTo("be001");
        assertThat(stop.tag()).isEqualTo("worker1");
        assertThat(stop.arguments()).containsExactly(java.util.Map.entry("servicename", "worker1"));
        assertThat(stop.location().line()).isEqualTo(7);
    }

    @Test
    void alwaysMarksAFinishingStageAndSurvivesARoundTrip() throws Exception {
        Tasklist t = TasklistReader.read(stage("{\"name\": \"a\", \"concurrency\": 1, \"tasks\": [{\"command\": \"x\"}]},"
                + " {\"name\": \"b\", \"concurrency\": 1, \"always\": true, \"tasks\": [{\"command\": \"x\", \"path\": \"/t/{run_id}\"}]}"), "t.json");
        assertThat(t.stages()).extracting(Stage::always).containsExactly(false, true);
        String json = TasklistWriter.toJson(t);
        assertThat(json).contains("\"always\": true").containsOnlyOnce("always");
        assertThat(TasklistReader.read(json, "again.json").stages()).extracting(Stage::always).containsExactly(false, true);
        // The plan keeps the placeholder; what runs has the run's id.
        Tasklist filled = deployer.core.model.RunIdPlaceholder.fill(t, new deployer.core.model.RunId("20261127T132713Z-4f9a"));
        assertThat(filled.stages().get(1).items().get(0).links().get(0).arguments()).containsEntry("path", "/t/20261127T132713Z-4f9a");
        assertThat(filled.stages()).extracting(Stage::always).containsExactly(false, true);
        assertThat(json).contains("/t/{run_id}");
    }

    @Test
    void whenFailedMarksAFinishingStageThatRunsOnlyAfterAFailureAndSurvivesARoundTrip() throws Exception {
        Tasklist t = TasklistReader.read(stage("{\"name\": \"a\", \"concurrency\": 1, \"tasks\": [{\"command\": \"x\"}]},"
                + " {\"name\": \"b\", \"concurrency\": 1, \"when\": \"failed\", \"tasks\": [{\"command\": \"x\"}]}"), "t.json");
        assertThat(t.stages()).extracting(Stage::whenFailed).containsExactly(false, true);
        // "when": "failed" makes a finishing stage: it runs after a failure, a stop or an abort.
        assertThat(t.stages()).extracting(Stage::always).containsExactly(false, true);
        String json = TasklistWriter.toJson(t);
        assertThat(json).contains("\"when\": \"failed\"", "\"always\": true");
        assertThat(TasklistReader.read(json, "again.json").stages()).extracting(Stage::whenFailed).containsExactly(false, true);
    }

    @Test
    void whenTakesOnlyFailedAndNeverWithAlwaysFalse() {
        assertThat(problems(stage("{\"name\": \"s\", \"concurrency\": 1, \"when\": \"succeeded\", \"tasks\": []}")))
                .anySatisfy(p -> assertThat(p).contains("t.json:1:", "$.stages[0].when: expected \"failed\"", "got 'succeeded'"));
        assertThat(problems(stage("{\"name\": \"s\", \"concurrency\": 1, \"when\": true, \"tasks\": []}")))
                .anySatisfy(p -> assertThat(p).contains("$.stages[0].when: expected \"failed\"", "got boolean"));
        assertThat(problems(stage("{\"name\": \"s\", \"concurrency\": 1, \"when\": \"failed\", \"always\": false, \"tasks\": []}")))
                .anySatisfy(p -> assertThat(p).contains("$.stages[0].always: \"when\": \"failed\" makes a finishing stage"));
    }

    @Test
    void alwaysMustBeABoolean() {
        assertThat(problems(stage("{\"name\": \"s\", \"concurrency\": 1, \"always\": \"yes\", \"tasks\": []}")))
                .anySatisfy(p -> assertThat(p).contains("$.stages[0].always: expected true or false, got"));
    }

    @Test
    void unknownStageKeysAreRejectedWithPathAndLine() {
        assertThat(problems(stage("{\"name\": \"s\", \"concurrency\": 1, \"concurency_per_host\": 2, \"tasks\": []}")))
                .containsExactly("t.json:1:58 $.stages[0].concurency_per_host: unknown stage key 'concurency_per_host'; expected one of: always, concurrency, concurrency_per_host, max_fail_percentage, max_failures, name, on_failure, rollout, tasks, when");
    }

    @Test
    void zeroAndNegativeLimitsAreRejected() {
        assertThat(problems(stage("{\"name\": \"s\", \"concurrency\": 0, \"concurrency_per_host\": -1, \"tasks\": []}")))
                .containsExactly(
                        "t.json:1:40 $.stages[0].concurrency: must be at least 1, got 0",
                        "t.json:1:58 $.stages[0].concurrency_per_host: must be at least 1, got -1");
    }

    @Test
    void missingRequiredKeysAreEachReported() {
        assertThat(problems(stage("{\"tasks\": [{\"message\": \"x\"}]}"))).containsExactly(
                "t.json:1:26 $.stages[0]: missing required key 'name' (a string)",
                "t.json:1:26 $.stages[0]: missing required key 'concurrency' (a whole number, at least 1)",
                "t.json:1:37 $.stages[0].tasks[0]: missing required key 'command' (a string)");
    }

    /** Issue 26.4: an unclosed reference was never replaced and reached sh verbatim. */
    @Test
    void malformedSecretReferencesAreLocatedProblems() {
        assertThat(problems(stage("{\"name\": \"s\", \"concurrency\": 1, \"tasks\": [{\"command\": \"x\", "
                + "\"shell\": \"echo ${secret:db_password\", \"env\": {\"A\": [\"${secret:}\", \"${secret:a b}\"]}}]}")))
                .containsExactly(
                        "t.json:1:85 $.stages[0].tasks[0].shell: unclosed secret reference '${secret:db_password': expected ${secret:NAME} with its closing '}'",
                        "t.json:1:137 $.stages[0].tasks[0].env.A[0]: bad secret reference '${secret:}': expected ${secret:NAME} with a NAME of letters, digits, '_', '.' or '-'",
                        "t.json:1:151 $.stages[0].tasks[0].env.A[1]: bad secret reference '${secret:a b}': expected ${secret:NAME} with a NAME of letters, digits, '_', '.' or '-'");
    }

    /** Issue 26.9: a login user is validated like a host name, not first met by ssh. */
    @Test
    void aRemoteUserOrSudoUserThatIsNoLoginNameIsAProblem() {
        assertThat(problems(stage("{\"name\": \"s\", \"concurrency\": 1, \"tasks\": [{\"command\": \"x\", "
                + "\"remote_user\": \"root -oProxyCommand=touch /tmp/p\", \"sudo_user\": \"-u\\u001b\"}]}")))
                .containsExactly(
                        "t.json:1:85 $.stages[0].tasks[0].remote_user: expected a login name made of letters, digits, '.', '_' or '-' (not starting with '-' or '.'), got 'root -oProxyCommand=touch /tmp/p'",
                        "t.json:1:136 $.stages[0].tasks[0].sudo_user: expected a login name made of letters, digits, '.', '_' or '-' (not starting with '-' or '.'), got '-u\\u001B'");
    }

    @Test
    void wrongTypesAreRejected() {
        assertThat(problems(stage("{\"name\": 5, \"concurrency\": \"2\", \"tasks\": [{\"command\": \"x\", \"remote_host\": 7}, 3, [[]]]}")))
                .containsExactly(
                        "t.json:1:27 $.stages[0].name: expected a non-empty string, got integer",
                        "t.json:1:38 $.stages[0].concurrency: expected a whole number, at least 1, got string",
                        "t.json:1:85 $.stages[0].tasks[0].remote_host: expected a string, got integer",
                        "t.json:1:104 $.stages[0].tasks[1]: expected a task object or a chain (array of tasks), got integer",
                        "t.json:1:108 $.stages[0].tasks[2][0]: a chain cannot contain another chain; expected a task object");
    }

    @Test
    void stageFailurePoliciesAreReadAndWrittenBack() throws Exception {
        String json = stage("{\"name\": \"s\", \"concurrency\": 1, \"on_failure\": \"continue\", \"max_failures\": 2,"
                + " \"max_fail_percentage\": 25, \"rollout\": \"deploy web\", \"tasks\": [{\"command\": \"x\"}]}");
        Tasklist t = TasklistReader.read(json, "t.json");
        assertThat(t.stages().get(0).policy()).isEqualTo(new StagePolicy(OnFailure.CONTINUE, 2, 25, "deploy web"));
        String written = TasklistWriter.toJson(t);
        assertThat(written).contains("\"on_failure\": \"continue\"", "\"max_failures\": 2", "\"max_fail_percentage\": 25",
                "\"rollout\": \"deploy web\"");
        assertThat(TasklistReader.read(written, "again.json").stages().get(0).policy()).isEqualTo(t.stages().get(0).policy());
        assertThat(TasklistReader.read(stage("{\"name\": \"s\", \"concurrency\": 1, \"tasks\": []}"), "t.json").stages().get(0).policy())
                .isEqualTo(StagePolicy.DEFAULT);
    }

    @Test
    void badStageFailurePoliciesAreEachReported() {
        assertThat(problems(stage("{\"name\": \"s\", \"concurrency\": 1, \"on_failure\": \"ignore\", \"max_failures\": -1,"
                + " \"max_fail_percentage\": 101, \"rollout\": 3, \"tasks\": []}")))
                .containsExactly(
                        "t.json:1:58 $.stages[0].on_failure: expected \"stop\" or \"continue\", got \"ignore\"",
                        "t.json:1:82 $.stages[0].max_failures: expected a whole number from 0 up, got -1",
                        "t.json:1:102 $.stages[0].max_fail_percentage: expected a whole number from 0 to 100, got 101",
                        "t.json:1:130 $.stages[0].rollout: expected a string, got integer");
        assertThat(problems(stage("{\"name\": \"s\", \"concurrency\": 1, \"max_fail_percentage\": 10, \"tasks\": []}")))
                .containsExactly("t.json:1:58 $.stages[0].max_fail_percentage: 'max_fail_percentage' needs \"on_failure\": \"continue\""
                        + " (under stop, the default, the first failure stops the run)");
        assertThat(problems(stage("{\"name\": \"s\", \"concurrency\": 1, \"on_failure\": \"continue\", \"tasks\": []}")))
                .containsExactly("t.json:1:58 $.stages[0].on_failure: \"continue\" needs a failure budget: add \"max_failures\" (hosts)"
                        + " or \"max_fail_percentage\" (of the rollout's hosts) that may fail before the run stops;"
                        + " \"max_fail_percentage\": 100 goes on whatever fails");
    }

    @Test
    void brokenJsonSaysLineAndColumn() {
        assertThat(problems("{\n  \"name\": \"p\",\n  \"stages\": [\n    { \"name\": \"s\" \"concurrency\": 1 }\n  ]\n}"))
                .singleElement().asString().startsWith("t.json:4:19: syntax error: Unexpected character ('\"'");
    }

    @Test
    void duplicateKeysAreRejected() {
        assertThat(problems("{\"name\": \"p\", \"name\": \"q\", \"stages\": []}"))
                .singleElement().asString().isEqualTo("t.json:1:15: duplicate key 'name' (first at line 1, column 2); a key may appear once in a mapping");
    }

    @Test
    void theTopLevelMustBeAnObject() {
        assertThat(problems("[1, 2]")).containsExactly("t.json:1:1 $: expected an object with 'name' and 'stages', got array");
    }

    @Test
    void writerOutputReadsBackEqualWithStableKeyOrder() throws Exception {
        Task plain = Task.builder("execute_command").host("local:a").arg("shell", "true").arg("b", List.of(1, 2)).build();
        Tasklist t = new Tasklist("plan", List.of(new Stage("s", 2, 1, List.of(StageItem.of(plain)))));

        String json = TasklistWriter.toJson(t);
        assertThat(json.indexOf("\"remote_host\"")).isLessThan(json.indexOf("\"b\""));
        assertThat(json.indexOf("\"b\"")).isLessThan(json.indexOf("\"shell\""));
        Tasklist back = TasklistReader.read(json, "saved.json");
        assertThat(TasklistWriter.toJson(back)).isEqualTo(json);
        assertThat(back.stages().get(0).items().get(0).links().get(0).arguments()).containsEntry("b", List.of(1L, 2L));
    }

    @Test
    void aSecretIsSavedMaskedAndMarkedSensitiveSoThatRunningTheSavedPlaceholderIsRefused() {
        Task secretTask = Task.builder("writefile").host("be001").tag("web").arg("path", "/etc/x").arg("contents", Secret.of("hunter2")).build();
        Tasklist t = new Tasklist("plan", List.of(new Stage("s", 2, 1, List.of(new Chain(List.of(secretTask))))));

        String json = TasklistWriter.toJson(t);
        assertThat(json).doesNotContain("hunter2").contains("\"contents\": \"********\"", "\"sensitive\": [\n");
        assertThat(problems(json)).singleElement().asString()
                .contains("$.stages[0].tasks[0][0].contents: holds '********', the placeholder a saved plan writes for a sensitive value");
    }

    @Test
    void sensitiveArgumentsAndNoLogAreReadAndWrittenWithTheirValuesMasked() throws Exception {
        Tasklist t = TasklistReader.read("""
                {"name": "p", "stages": [{"name": "s", "concurrency": 1, "tasks": [
                  {"command": "execute_command", "shell": "mysql -p hunter2", "sudo": true, "sensitive": ["shell"]},
                  {"command": "execute_command", "shell": "echo 42", "env": {"PIN": 4711}, "no_log": true}
                ]}]}""", "t.json");
        Task first = t.stages().get(0).items().get(0).links().get(0);
        Task second = t.stages().get(0).items().get(1).links().get(0);
        assertThat(first.sensitivity().arguments()).containsExactly("shell");
        assertThat(first.arguments()).containsOnlyKeys("shell");
        assertThat(first.sudo()).isEqualTo(new Task.Sudo(null));
        assertThat(second.sensitivity().noLog()).isTrue();

        String json = TasklistWriter.toJson(t);
        assertThat(json).doesNotContain("hunter2", "echo 42")
                .contains("\"sensitive\": [\n", "\"shell\": \"********\"", "\"sudo\": true", "\"no_log\": true")
                // no_log masks text; a number stays (it was not named sensitive)
                .contains("\"PIN\": 4711");
    }

    @Test
    void badSensitiveAndNoLogValuesAreProblemsAtTheirKeys() {
        assertThat(problems("""
                {"name": "p", "stages": [{"name": "s", "concurrency": 1, "tasks": [
                  {"command": "execute_command", "shell": "true", "sensitive": ["shel"], "no_log": "yes"},
                  {"command": "execute_command", "shell": "true", "sensitive": "shell"}
                ]}]}"""))
                .containsExactly(
                        "t.json:2:51 $.stages[0].tasks[0].sensitive: 'shel' is not an argument of this task; its arguments: shell",
                        "t.json:2:74 $.stages[0].tasks[0].no_log: expected true or false, got string",
                        "t.json:3:51 $.stages[0].tasks[1].sensitive: expected an array of argument names, got string");
    }

    @Test
    void sudoAndSudoUserAreTaskKeysThatSurviveWritingAndReading() throws Exception {
        Tasklist t = TasklistReader.read(stage("""
                {"name": "s", "concurrency": 1, "tasks": [
                  {"command": "execute_command", "shell": "id", "sudo": true},
                  {"command": "execute_command", "shell": "id", "sudo_user": "www"},
                  {"command": "execute_command", "shell": "id", "sudo": false}]}"""), "t.json");
        List<Task> tasks = t.stages().get(0).items().stream().map(i -> i.links().get(0)).toList();

        assertThat(tasks).extracting(Task::sudo).containsExactly(new Task.Sudo(null), new Task.Sudo("www"), null);
        assertThat(tasks).allSatisfy(task -> assertThat(task.arguments()).containsOnlyKeys("shell"));
        String json = TasklistWriter.toJson(t);
        assertThat(json).contains("\"sudo\": true", "\"sudo_user\": \"www\"");
        assertThat(TasklistWriter.toJson(TasklistReader.read(json, "saved.json"))).isEqualTo(json);
    }
}
