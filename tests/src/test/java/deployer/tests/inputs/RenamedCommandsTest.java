package deployer.tests.inputs;

import deployer.tests.fixtures.JsonSchemas;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Command names are snake_case throughout; a plan saved with an old name ({@code createdirectory}, {@code writefile}…)
 * still runs, warns once per old name naming the first task and the new name, and is dumped with the new names.
 */
class RenamedCommandsTest {

    private static String plan(Path dir) {
        String d = dir.toString().replace("\\", "\\\\");
        return """
                { "name": "saved before the rename", "stages": [ { "name": "files", "concurrency": 1, "tasks": [
                  [ { "command": "createdirectory", "path": "%1$s/a" },
                    { "command": "writefile", "path": "%1$s/a/f", "contents": "x" },
                    { "command": "createdirectory", "path": "%1$s/b" } ]
                ] } ] }
                """.formatted(d);
    }

    @Test
    void aSavedPlanWithOldNamesRunsAndWarnsOncePerOldName(@TempDir Path work) throws IOException {
        Path plan = Files.writeString(work.resolve("plan.json"), plan(work));

        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "--tasklist", plan.toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(Files.readString(work.resolve("a/f"))).isEqualTo("x");
        assertThat(work.resolve("b")).isDirectory();
        assertThat(count(r.stderr(), "is now called")).as(r.stderr()).isEqualTo(2);
        assertThat(r.stderr()).contains("task 1.1.1: command 'createdirectory' is now called 'create_directory' (2 tasks of this plan use the old name)",
                "task 1.1.2: command 'writefile' is now called 'write_file' (1 task of this plan uses the old name)");
    }

    @Test
    void aDumpOfAPlanWithOldNamesHasTheNewNames(@TempDir Path work) throws IOException {
        Path plan = Files.writeString(work.resolve("plan.json"), plan(work));

        CliProcess.Result r = CliProcess.buildTasklist(work.resolve("cli"), "--tasklist", plan.toString(), "--dump");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("\"command\": \"create_directory\"", "\"command\": \"write_file\"")
                .doesNotContain("createdirectory", "writefile");
        assertThat(count(r.stderr(), "is now called")).as(r.stderr()).isEqualTo(2);
    }

    @Test
    void theTasklistSchemaAcceptsTheOldNamesAndChecksTheirArguments(@TempDir Path work) throws IOException {
        Path schema = CliProcess.projectRoot().resolve("docs/schema/tasklist.schema.json");

        assertThat(JsonSchemas.errors(schema, plan(work))).isEmpty();
        assertThat(JsonSchemas.errors(schema, plan(work).replace("\"contents\": \"x\"", "\"contents\": \"x\", \"colour\": \"blue\"")))
                .isNotEmpty();
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
