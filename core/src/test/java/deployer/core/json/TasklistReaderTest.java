package deployer.core.json;

import deployer.core.model.Chain;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.core.model.Secret;
import deployer.core.model.Stage;
import deployer.core.model.StageItem;
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
    void unknownStageKeysAreRejectedWithPathAndLine() {
        assertThat(problems(stage("{\"name\": \"s\", \"concurrency\": 1, \"concurency_per_host\": 2, \"tasks\": []}")))
                .containsExactly("t.json:1:58 $.stages[0].concurency_per_host: unknown stage key 'concurency_per_host'; expected one of: concurrency, concurrency_per_host, name, tasks");
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
    void reservedStageKeysAreNotSupportedYet() {
        assertThat(problems(stage("{\"name\": \"s\", \"concurrency\": 1, \"on_failure\": \"continue\", \"tasks\": []}")))
                .containsExactly("t.json:1:58 $.stages[0].on_failure: 'on_failure' is reserved for stage failure policies and not supported yet");
    }

    @Test
    void brokenJsonSaysLineAndColumn() {
        assertThat(problems("{\n  \"name\": \"p\",\n  \"stages\": [\n    { \"name\": \"s\" \"concurrency\": 1 }\n  ]\n}"))
                .singleElement().asString().startsWith("t.json:4:19: syntax error: Unexpected character ('\"'");
    }

    @Test
    void duplicateKeysAreRejected() {
        assertThat(problems("{\"name\": \"p\", \"name\": \"q\", \"stages\": []}"))
                .singleElement().asString().contains("t.json:1:").contains("Duplicate field 'name'");
    }

    @Test
    void theTopLevelMustBeAnObject() {
        assertThat(problems("[1, 2]")).containsExactly("t.json:1:1 $: expected an object with 'name' and 'stages', got array");
    }

    @Test
    void writerOutputReadsBackEqualWithStableKeyOrderAndMaskedSecrets() throws Exception {
        Task secretTask = Task.builder("writefile").host("be001").tag("web").arg("path", "/etc/x").arg("contents", Secret.of("hunter2")).build();
        Task plain = Task.builder("execute_command").host("local:a").arg("shell", "true").arg("b", List.of(1, 2)).build();
        Tasklist t = new Tasklist("plan", List.of(new Stage("s", 2, 1, List.of(StageItem.of(plain), new Chain(List.of(secretTask))))));

        String json = TasklistWriter.toJson(t);
        assertThat(json).doesNotContain("hunter2").contains("\"contents\": \"********\"");
        assertThat(json.indexOf("\"remote_host\"")).isLessThan(json.indexOf("\"b\""));
        assertThat(json.indexOf("\"b\"")).isLessThan(json.indexOf("\"shell\""));
        Tasklist back = TasklistReader.read(json, "saved.json");
        assertThat(TasklistWriter.toJson(back)).isEqualTo(json);
        assertThat(back.stages().get(0).items().get(0).links().get(0).arguments()).containsEntry("b", List.of(1L, 2L));
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
