package deployer.tests.operator;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code build-tasklist --diff} through the real CLI on known pairs of plans: equal, equal but with keys reordered and
 * whitespace changed, one argument changed, one stage added; and against the plan a config produces.
 */
class PlanDiffTest {

    @TempDir
    Path dir;

    private static final String OLD = """
            {"name": "Release", "stages": [
              {"name": "deploy_web", "concurrency": 2, "tasks": [
                {"command": "test_command", "message": "one"},
                [ {"command": "test_command", "remote_host": "local:web1", "tag": "web", "message": "a"},
                  {"command": "test_command", "remote_host": "local:web1", "tag": "web", "message": "b"} ]
              ]}
            ]}
            """;

    @Test
    void theSamePlanIsEqual() throws IOException {
        CliProcess.Result r = diff(write("old.json", OLD), write("new.json", OLD));
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("The plans are equal");
    }

    @Test
    void reorderedKeysAndWhitespaceDoNotCount() throws IOException {
        String reordered = """
                {
                    "stages": [ { "tasks": [ { "message": "one", "command": "test_command" },
                        [ { "tag": "web", "message": "a", "remote_host": "local:web1", "command": "test_command" },
                          { "message": "b",   "tag": "web", "command": "test_command", "remote_host": "local:web1" } ] ],
                      "concurrency": 2, "name": "deploy_web" } ],
                    "name": "Release"
                }
                """;
        CliProcess.Result r = diff(write("old.json", OLD), write("new.json", reordered));
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void aChangedArgumentIsNamedByStageTaskAndArgument() throws IOException {
        CliProcess.Result r = diff(write("old.json", OLD), write("new.json", OLD.replace("\"message\": \"b\"", "\"message\": \"c\"")));
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).isEqualTo("stage 'deploy_web': task 1.2.2 (test_command on local:web1): argument message: \"b\" → \"c\"\n");
    }

    @Test
    void anAddedStageAndAnAddedTaskAreSaidOnce() throws IOException {
        String added = OLD.replace("{\"command\": \"test_command\", \"message\": \"one\"},",
                        "{\"command\": \"test_command\", \"message\": \"zero\"}, {\"command\": \"test_command\", \"message\": \"one\"},")
                .replace("]}\n]}", "]},\n {\"name\": \"cleanup\", \"concurrency\": 1, \"tasks\": [{\"command\": \"test_command\", \"message\": \"bye\"}]}\n]}");
        CliProcess.Result r = diff(write("old.json", OLD), write("new.json", added));
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout().lines()).containsExactly(
                "stage 'deploy_web': task 1.1 added: {\"command\":\"test_command\",\"message\":\"zero\"}",
                "stage 'cleanup' added (stage 2, 1 task)");
    }

    @Test
    void againstThePlanOfAConfig() throws IOException {
        Path config = CliProcess.projectRoot().resolve("conf/test.yaml");
        CliProcess.Result saved = CliProcess.buildTasklist(dir.resolve("cli"), "--config", config.toString(), "--dump");
        assertThat(saved.exitCode()).as(saved.all()).isZero();
        Path old = write("old.json", saved.stdout());
        CliProcess.Result same = CliProcess.buildTasklist(dir.resolve("cli"), "--config", config.toString(), "--diff", old.toString());
        assertThat(same.exitCode()).as(same.all()).isZero();

        Files.writeString(old, saved.stdout().replaceFirst("\"concurrency\" *: *\\d+", "\"concurrency\": 7"));
        CliProcess.Result changed = CliProcess.buildTasklist(dir.resolve("cli"), "--config", config.toString(), "--diff", old.toString());
        assertThat(changed.exitCode()).as(changed.all()).isEqualTo(1);
        assertThat(changed.stdout()).contains(": concurrency: 7 → ");
    }

    @Test
    void aBrokenPlanIsBadInput() throws IOException {
        CliProcess.Result r = diff(write("old.json", "{\"name\": \"x\", \"stages\": [{\"name\": \"s\"}]}"), write("new.json", OLD));
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("old.json");
        assertThat(r.stdout()).isEmpty();
    }

    private CliProcess.Result diff(Path oldPlan, Path newPlan) {
        return CliProcess.buildTasklist(dir.resolve("cli"), "--diff", oldPlan.toString(), "--tasklist", newPlan.toString());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
