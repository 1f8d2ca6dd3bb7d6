package deployer.tests.inputs;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The spec's example (conf/test.yaml, platform test) through the real deploy CLI, with the spec's log lines. */
class SpecExampleTest {

    private static final String TIME = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} ";

    @Test
    void deployOfTheSpecConfigPrintsTheSampleLogLines(@TempDir Path work) {
        Path config = CliProcess.projectRoot().resolve("conf/test.yaml");
        CliProcess.Result r = CliProcess.deploy(work, "--config", config.toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr().lines().map(l -> l.replaceFirst("^" + TIME, "")).toList()).containsSubsequence(
                "[INFO    ] [Config         ] [*] [*] Loading configuration from " + config,
                "[INFO    ] [TestGenerator  ] [*] [*] Generating test task list",
                "[INFO    ] [TestCommand    ] [*] [*] Initializing test command: Hello World / None",
                "[INFO    ] [Executor       ] [*] [*] Starting stage: Test stage",
                "[INFO    ] [TestCommand    ] [local] [*] Executing test command: Hello World / None",
                "[INFO    ] [Executor       ] [*] [*] Finished stage: Test stage");
        assertThat(r.stderr().lines()).allMatch(l -> l.matches(TIME + "\\[\\w+ *\\] .*"), "every line in the spec's format");
        assertThat(r.stdout()).contains("Run Test Generator: SUCCEEDED");
    }

    @Test
    void logdirKeepsALogFilePerRunInTheSameFormat(@TempDir Path work) throws java.io.IOException {
        Path logs = work.resolve("logs");
        CliProcess.Result r = CliProcess.deploy(work, "--config", CliProcess.projectRoot().resolve("conf/test.yaml").toString(),
                "--logdir", logs.toString(), "-v");
        assertThat(r.exitCode()).as(r.all()).isZero();
        try (var files = java.nio.file.Files.list(logs)) {
            Path log = files.filter(f -> f.getFileName().toString().matches("deploy_\\d{8}T\\d{6}Z-[0-9a-f]{4}\\.log")).findFirst()
                    .orElseThrow(() -> new AssertionError("no deploy_<run id>.log in " + logs));
            assertThat(java.nio.file.Files.readString(log))
                    .contains("[INFO    ] [TestCommand    ] [local] [*] Executing test command: Hello World / None")
                    // Each task's start is an INFO line (issue 10: tasks were invisible at INFO), with what it does.
                    .contains("[INFO    ] [Executor       ] [local] [*] Starting task 1.1 test_command on local: log the message 'Hello World'");
        }
    }

    @Test
    void buildTasklistIsADryRunThatSaysSyntaxOk(@TempDir Path work) {
        CliProcess.Result r = CliProcess.buildTasklist(work, "--config", CliProcess.projectRoot().resolve("conf/test.yaml").toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).as("stdout carries only results; without --dump there is none").isEmpty();
        assertThat(r.stderr()).contains("Syntax ok\n", "Initializing test command").doesNotContain("Executing test command");
    }
}
