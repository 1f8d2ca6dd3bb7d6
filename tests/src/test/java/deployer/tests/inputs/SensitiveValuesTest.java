package deployer.tests.inputs;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values a task marks {@code sensitive} (or every value of a {@code no_log} task) reach the command, and nothing
 * else: every artifact of a run (stdout, stderr, the --logdir file at -d, a --dump, a --save) is searched for them.
 */
class SensitiveValuesTest {

    /** One secret per way of marking it; none is a substring of another or of any path. */
    static final String CONTENTS = "Fjord-Contents-81xq";
    static final String PASSWORD = "Marble-Password-27kz";
    static final String IN_LINE = "Quartz-InLine-53wv";
    static final String NO_LOG = "Cobalt-NoLog-64pt";
    static final List<String> SECRETS = List.of(CONTENTS, PASSWORD, IN_LINE, NO_LOG);

    @TempDir
    Path work;

    /**
     * Four tasks in one stage, each getting its secret a different way and writing it to a file the test reads:
     * write_file with sensitive contents (succeeds); execute_command with the password in a sensitive {@code env}
     * that also echoes it on stderr (fails, exit 3); execute_command whose whole sensitive {@code shell} line holds
     * the secret (fails, exit 4: the line would be in the summary and the ERROR log); a no_log task that prints its
     * secret on stdout and stderr (fails, exit 5).
     */
    private Path plan() throws IOException {
        String json = """
                {"name": "secrets", "stages": [{"name": "use them", "concurrency": 4, "tasks": [
                  {"command": "write_file", "path": "W/out-contents", "contents": "%s", "sensitive": ["contents"]},
                  {"command": "execute_command", "env": {"DB_PASSWORD": "%s"}, "sensitive": ["env"],
                   "shell": "printf %%s \\"$DB_PASSWORD\\" > W/out-password; echo \\"login failed for $DB_PASSWORD\\" >&2; exit 3"},
                  {"command": "execute_command", "sensitive": ["shell"], "shell": "printf %%s %s > W/out-inline; exit 4"},
                  {"command": "execute_command", "no_log": true,
                   "shell": "printf %%s %s > W/out-nolog; echo %s; echo \\"oops %s\\" >&2; exit 5"}
                ]}]}
                """.formatted(CONTENTS, PASSWORD, IN_LINE, NO_LOG, NO_LOG, NO_LOG).replace("W/", work + "/");
        return Files.writeString(work.resolve("plan.json"), json);
    }

    private static void assertNoSecretIn(String artifact, String text) {
        for (String secret : SECRETS) {
            assertThat(text).as("%s must not show %s:%n%s", artifact, secret, text).doesNotContain(secret);
        }
    }

    @Test
    void aFailingDebugRunUsesEverySecretAndShowsNoneInStdoutStderrOrItsLogFile() throws IOException {
        Path logs = work.resolve("logs");
        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "--tasklist", plan().toString(), "-d", "--logdir", logs.toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        // The commands got the real values.
        assertThat(work.resolve("out-contents")).hasContent(CONTENTS);
        assertThat(work.resolve("out-password")).hasContent(PASSWORD);
        assertThat(work.resolve("out-inline")).hasContent(IN_LINE);
        assertThat(work.resolve("out-nolog")).hasContent(NO_LOG);

        // The log dir holds the log, the run's journal (task messages) and nothing else for a saved plan.
        List<Path> artifacts;
        try (Stream<Path> files = Files.list(logs)) {
            artifacts = files.sorted().toList();
        }
        assertThat(artifacts).extracting(f -> f.getFileName().toString().replaceAll("_.*\\.", "_*."))
                .containsExactlyInAnyOrder("deploy_*.log", "deploy_*.journal");
        String log = Files.readString(artifacts.stream().filter(f -> f.toString().endsWith(".log")).findFirst().orElseThrow());
        assertNoSecretIn("stdout", r.stdout());
        assertNoSecretIn("stderr", r.stderr());
        assertNoSecretIn("the log file", log);
        assertNoSecretIn("the journal", Files.readString(artifacts.stream().filter(f -> f.toString().endsWith(".journal")).findFirst().orElseThrow()));

        // Masked where they were, not just absent: the summary and the debug lines are still there to read.
        assertThat(r.stdout()).contains("(SUCCEEDED 1, FAILED 3)", "NON_ZERO_EXIT: '********' failed with exit status 4",
                "| ******** (output line hidden: it held a sensitive value)", "| ******** (output hidden: no_log)");
        assertThat(log).contains("[DEBUG", "Running: export DB_PASSWORD='********'; printf",
                "Running: ********", "[ERROR   ]", "Task 1.3 execute_command on local FAILED (NON_ZERO_EXIT): '********' failed with exit status 4");
    }

    @Test
    void dumpsAndSavedPlansHoldPlaceholdersAndASavedPlaceholderIsRefusedBeforeAnythingRuns() throws IOException {
        Path saved = work.resolve("saved.json");
        CliProcess.Result build = CliProcess.buildTasklist(work.resolve("cli"), "--tasklist", plan().toString(), "--dump",
                "--save", saved.toString(), "-d");

        assertThat(build.exitCode()).as(build.all()).isZero();
        assertNoSecretIn("the dump", build.stdout());
        assertNoSecretIn("build-tasklist's stderr", build.stderr());
        assertNoSecretIn("the saved plan", Files.readString(saved));
        assertThat(Files.readString(saved)).contains("\"contents\": \"********\"", "\"DB_PASSWORD\": \"********\"", "\"no_log\": true");
        assertThat(work.resolve("out-contents")).as("build-tasklist runs nothing").doesNotExist();

        CliProcess.Result run = CliProcess.deploy(work.resolve("cli"), "--tasklist", saved.toString());
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.stderr()).contains("(4 problems)",
                "$.stages[0].tasks[0].contents: holds '********', the placeholder a saved plan writes for a sensitive value",
                "$.stages[0].tasks[1].env: holds '********'", "$.stages[0].tasks[3].shell: holds '********'");
        assertThat(work.resolve("out-contents")).as("nothing may run").doesNotExist();
    }

    @Test
    void aValidationErrorQuotingASensitiveValueMasksIt(@TempDir Path other) throws IOException {
        Path p = Files.writeString(other.resolve("plan.json"), """
                {"name": "p", "stages": [{"name": "s", "concurrency": 1, "tasks": [
                  {"command": "execute_command", "shell": "true", "pty": "%s", "sensitive": ["pty"]}]}]}
                """.formatted(PASSWORD));
        CliProcess.Result r = CliProcess.deploy(other, "--tasklist", p.toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("argument 'pty': expected true or false, got string \"********\"");
        assertNoSecretIn("the validation error", r.all());
    }

    @Test
    void aSensitiveNameThatIsNotAnArgumentIsAnErrorAtTheKey(@TempDir Path other) throws IOException {
        Path p = Files.writeString(other.resolve("plan.json"), """
                {"name": "p", "stages": [{"name": "s", "concurrency": 1, "tasks": [
                  {"command": "execute_command", "shell": "true", "sensitive": ["password"]}]}]}
                """);
        CliProcess.Result r = CliProcess.deploy(other, "--tasklist", p.toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains(p + ":2:51 $.stages[0].tasks[0].sensitive: 'password' is not an argument of this task; its arguments: shell");
    }
}
