package deployer.tests.inputs;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bad input: a clear message saying where and what was expected, exit code 2, nothing executed. */
class BadInputTest {

    @TempDir
    Path work;

    private Path marker() {
        return work.resolve("executed");
    }

    /** A tasklist whose first stage would leave a marker file, so a test can tell whether anything ran. */
    private Path plan(String lastStage) throws IOException {
        return Files.writeString(work.resolve("plan.json"), """
                {"name": "p", "stages": [
                  {"name": "first", "concurrency": 1, "tasks": [{"command": "execute_command", "shell": "touch %s"}]},
                  %s
                ]}
                """.formatted(marker(), lastStage));
    }

    private CliProcess.Result deploy(String... args) {
        CliProcess.Result r = CliProcess.deploy(work, args);
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(marker()).as("nothing may run").doesNotExist();
        return r;
    }

    @Test
    void unknownCommandAndMissingArgumentInTheLastStageAreBothReported() throws IOException {
        Path p = plan("""
                {"name": "last", "concurrency": 1, "tasks": [{"command": "uplaod"}, {"command": "execute_command"}]}""");
        CliProcess.Result r = deploy("--tasklist", p.toString());
        assertThat(r.stderr())
                .contains("invalid input, nothing was run (2 problems)")
                .contains(p + ":3:48 task 2.1: unknown command 'uplaod'; known commands: ")
                .contains(p + ":3:71 task 2.2 (execute_command): missing required argument 'shell' (a string)");
    }

    @Test
    void zeroConcurrencyIsRejected() throws IOException {
        Path p = plan("""
                {"name": "last", "concurrency": 0, "tasks": [{"command": "execute_command", "shell": "true"}]}""");
        assertThat(deploy("--tasklist", p.toString()).stderr()).contains(p + ":3:20 $.stages[1].concurrency: must be at least 1, got 0");
    }

    @Test
    void negativePerHostLimitAndUnknownStageKeyAreRejected() throws IOException {
        Path p = plan("""
                {"name": "last", "concurrency": 1, "concurrency_per_host": -2, "paralel": 3, "tasks": []}""");
        assertThat(deploy("--tasklist", p.toString()).stderr())
                .contains("$.stages[1].concurrency_per_host: must be at least 1, got -2")
                .contains("$.stages[1].paralel: unknown stage key 'paralel'");
    }

    @Test
    void aTaskWithoutCommandIsRejected() throws IOException {
        Path p = plan("""
                {"name": "last", "concurrency": 1, "tasks": [{"shell": "true"}]}""");
        assertThat(deploy("--tasklist", p.toString()).stderr()).contains(p + ":3:48 $.stages[1].tasks[0]: missing required key 'command'");
    }

    @Test
    void brokenJsonSaysLineAndColumn() throws IOException {
        Path p = plan("""
                {"name": "last", "concurrency": 1 "tasks": []}""");
        assertThat(deploy("--tasklist", p.toString()).stderr()).contains(p + ":3:37: syntax error");
    }

    @Test
    void wrongArgumentTypesAreRejected() throws IOException {
        Path p = plan("""
                {"name": "last", "concurrency": 1, "tasks": [{"command": "execute_command", "shell": ["ls"], "pty": "yes"}]}""");
        assertThat(deploy("--tasklist", p.toString()).stderr())
                .contains("argument 'shell': expected a string, got an array")
                .contains("argument 'pty': expected true or false, got string \"yes\"");
    }

    @Test
    void wrongSudoKeysAreRejected() throws IOException {
        Path p = plan("""
                {"name": "last", "concurrency": 1, "tasks": [{"command": "execute_command", "shell": "ls", "sudo": "yes"},
                  {"command": "execute_command", "shell": "ls", "sudo": false, "sudo_user": "www"}]}""");
        assertThat(deploy("--tasklist", p.toString()).stderr())
                .contains(".tasks[0].sudo: 'sudo': expected true or false, got string")
                .contains(".tasks[1].sudo: 'sudo' is false but 'sudo_user' is set");
    }

    @Test
    void brokenYamlConfigSaysLineAndColumn() throws IOException {
        Path config = Files.writeString(work.resolve("c.yaml"), "platform: test\nservice:\n  web: [a, b\n  api: 1\n");
        assertThat(deploy("--config", config.toString()).stderr()).contains(config + ":4:").contains("syntax error");
    }

    @Test
    void unknownPlatformListsTheKnownOnes() throws IOException {
        Path config = Files.writeString(work.resolve("c.yaml"), "# a config\nplatform: nosuch\n");
        assertThat(deploy("--config", config.toString()).stderr())
                .contains(config + ":2:1 platform: unknown platform 'nosuch'; known platforms: ")
                .contains("test");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(deploy().stderr()).contains("--config FILE is required");
        assertThat(deploy("--component", "a.tar.gz", "--tasklist", "y.json").stderr()).contains("give only one of");
        assertThat(deploy("--bogus").stderr()).contains("Unrecognized option: --bogus").contains("Try 'deploy --help'");
        assertThat(deploy("--parallel", "0", "--tasklist", "y.json").stderr()).contains("--parallel: expected a whole number, at least 1");
    }

    /** Issue 20: a platform's options are its own; a config of another platform refuses them, naming the option. */
    @Test
    void anOptionOfAnotherPlatformIsAUsageErrorNamingIt() throws IOException {
        Path config = Files.writeString(work.resolve("c.yaml"), "platform: test\n");
        assertThat(deploy("--config", config.toString(), "--redeploy").stderr())
                .contains("--redeploy is an option of platform tarball, not of platform 'test'", "Try 'deploy --help'")
                .doesNotContain("Run ");
        CliProcess.Result help = CliProcess.deploy(work, "--help", "--config", config.toString());
        assertThat(help.exitCode()).as(help.all()).isZero();
        assertThat(help.stdout()).contains("--parallel", "Platform test takes no options of its own here.").doesNotContain("--redeploy");
    }

    @Test
    void aUsageErrorLogsNoRunThatNeverStarted() {
        for (String[] args : new String[][]{{}, {"--component", "a.tar.gz", "--tasklist", "y.json"},
                {"--parallel", "0", "--tasklist", "y.json"}, {"--environment", "prod", "--tasklist", "y.json"},
                {"--to", "v1", "--config", "c.yaml"}}) {
            CliProcess.Result r = CliProcess.deploy(work, args);
            assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
            assertThat(r.stderr()).as(r.all()).contains("Try 'deploy --help'").doesNotContain("Run ", ": deploy by ");
        }
    }

    @Test
    void aMissingFileIsNamed() {
        assertThat(deploy("--tasklist", "nope.json").stderr()).contains("nope.json: file not found");
    }

    @Test
    void malformedRemoteHostsAreRejected() throws IOException {
        Path p = plan("""
                {"name": "last", "concurrency": 1, "tasks": [{"command": "execute_command", "remote_host": "be001:99999", "shell": "true"}]}""");
        assertThat(deploy("--tasklist", p.toString()).stderr())
                .contains("task 2.1: remote_host: expected host or host:port with a port from 1 to 65535, got 'be001:99999'");
    }

    /** Issue 26.4: an unclosed reference was never replaced and reached sh verbatim. */
    @Test
    void aMalformedSecretReferenceInATasklistIsRefusedAndNothingRuns() throws IOException {
        Path p = plan("""
                {"name": "last", "concurrency": 1, "tasks": [{"command": "execute_command", "shell": "echo ${secret:db_password"}]}""");
        assertThat(deploy("--tasklist", p.toString()).stderr())
                .contains(p + ":3:79 $.stages[1].tasks[0].shell: unclosed secret reference '${secret:db_password': expected ${secret:NAME} with its closing '}'");
    }

    /** Issue 26.9: a remote_user that would be ssh options of its own is refused at validation, not met at connect. */
    @Test
    void aRemoteUserThatIsNoLoginNameIsRefused() throws IOException {
        Path p = plan("""
                {"name": "last", "concurrency": 1, "tasks": [{"command": "execute_command", "shell": "true",
                  "remote_host": "be001", "remote_user": "root -oProxyCommand=touch %s"}]}""".formatted(marker()));
        assertThat(deploy("--tasklist", p.toString()).stderr())
                .contains(".tasks[0].remote_user: expected a login name made of letters, digits, '.', '_' or '-'")
                .contains("got 'root -oProxyCommand=touch ");
    }

    /** Issue 26.21: a megabyte value and a megabyte key are echoed cut, with their length. */
    @Test
    void aMegabyteValueIsEchoedCutWithItsLength() throws IOException {
        String mega = "x".repeat(1 << 20);
        // YAML's explicit key ("? KEY") may be longer than 1024 characters.
        // redeploy is a key of the tarball platform (issue 20: platform keys belong to the platform).
        Path config = Files.writeString(work.resolve("c.yaml"), "platform: tarball\nredeploy: " + mega + "\n? " + mega + "y\n: 1\n");
        CliProcess.Result r = deploy("--config", config.toString());
        String cut = "x".repeat(80) + "…";
        assertThat(r.stderr()).contains(config + ":2:1 redeploy: expected true or false, got string '" + cut + "' (1048576 characters)")
                .contains(config + ":3:3 " + cut + " (1048577 characters): unknown key '" + cut + "' (1048577 characters) at the top level")
                .hasSizeLessThan(10_000);
    }

    /** Issue 26.21: 50,000 problems printed 26 MB; the first ones are listed and the rest counted. */
    @Test
    void fiftyThousandProblemsListTheFirstAndCountTheRest() throws IOException {
        StringBuilder tasks = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            tasks.append(i == 0 ? "" : ",\n").append("{\"command\": \"nosuch\"}");
        }
        Path p = plan("{\"name\": \"last\", \"concurrency\": 1, \"tasks\": [" + tasks + "]}");
        CliProcess.Result r = deploy("--tasklist", p.toString());
        assertThat(r.stderr()).contains("invalid input, nothing was run (50000 problems)")
                .contains("… and 49800 more problems (50000 in all; the first 200 are listed)")
                .hasSizeLessThan(200_000);
    }
}
