package deployer.tests.inputs;

import deployer.core.config.ConfigLoader;
import deployer.core.internal.exec.GeneratorRegistry;
import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The declared config: the shipped configs pass it, {@code --explain-config} prints it, CONFIG.md is generated from
 * it, and a tasklist with errors at stage and task level reports all of them in one run.
 */
class StrictConfigTest {

    private static final Path ROOT = CliProcess.projectRoot();

    @TempDir
    Path work;

    @Test
    void everyShippedConfigValidates() throws Exception {
        List<Path> configs;
        try (Stream<Path> examples = Files.list(ROOT.resolve("conf/examples"));
             Stream<Path> golden = Files.list(ROOT.resolve("generators/src/test/resources/tarball/configs"))) {
            configs = Stream.of(Stream.of(ROOT.resolve("conf/demo.yaml"), ROOT.resolve("conf/test.yaml"),
                            ROOT.resolve("tests/src/test/resources/good-configs/base.yaml")),
                    examples.filter(p -> p.toString().endsWith(".yaml")).sorted(),
                    golden.filter(p -> p.toString().endsWith(".yaml")).sorted()).flatMap(s -> s).toList();
        }
        assertThat(configs).hasSizeGreaterThanOrEqualTo(7);
        GeneratorRegistry generators = GeneratorRegistry.load();
        for (Path config : configs) {
            ConfigLoader.load(config, generators); // throws with every problem if one is not valid
        }
    }

    @Test
    void theSpecExampleStillBuildsItsPlan() {
        CliProcess.Result r = CliProcess.buildTasklist(work, "--config", ROOT.resolve("conf/test.yaml").toString(), "--dump");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("\"command\": \"test_command\"", "\"message\": \"Hello World\"");
    }

    @Test
    void explainConfigPrintsTheDeclaredKeysOfAPlatform() {
        CliProcess.Result r = CliProcess.buildTasklist(work, "--explain-config", "tarball");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout())
                .contains("## Keys of every platform", "## platform: tarball", "### `ssh.*`", "### `graphite.*`",
                        "### `hostgroup.<name>.*`", "### `service.<name>.*`", "### `service.<name>.health_check.*`")
                .contains("| `min_nodes_up` | whole number, at least 0 | no | 1 with two or more hosts, else 0 |")
                .contains("| `keep_versions` | whole number, at least 1 | no | `5` |")
                .contains("| `connect_timeout` | whole number from 1 to 3600 | no | `10` | seconds to wait for a connection |");
        assertThat(r.stderr()).doesNotContain("ERROR");
    }

    @Test
    void explainConfigOfAnUnknownPlatformSuggestsTheClosest() {
        CliProcess.Result r = CliProcess.buildTasklist(work, "--explain-config", "tarbal");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--explain-config: unknown platform 'tarbal'; did you mean 'tarball'?; known platforms: tarball, test");
        assertThat(r.stdout()).isEmpty();
    }

    /** CONFIG.md is the declaration's output: it fails here when someone adds a key and forgets to regenerate it. */
    @Test
    void configMdIsUpToDateWithTheDeclarations() throws IOException {
        CliProcess.Result r = CliProcess.buildTasklist(work, "--explain-config", "all");
        assertThat(r.exitCode()).as(r.all()).isZero();
        Path doc = ROOT.resolve("CONFIG.md");
        Files.writeString(ROOT.resolve("tests/target/CONFIG.md"), r.stdout(), StandardCharsets.UTF_8);
        assertThat(Files.readString(doc, StandardCharsets.UTF_8))
                .as("CONFIG.md is out of date with the declared schema; regenerate it: bin/build-tasklist --explain-config all > CONFIG.md"
                        + " (the current output is in tests/target/CONFIG.md)")
                .isEqualTo(r.stdout());
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains("(CONFIG.md)");
    }

    /** An option is held to the range of the key it becomes: 2^32 + 1 must not wrap around to a concurrency of 1. */
    @Test
    void parallelBeyondTheDeclaredRangeIsTooLarge() {
        CliProcess.Result r = CliProcess.buildTasklist(work, "--config", ROOT.resolve("conf/demo.yaml").toString(), "--parallel", "4294967297");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--parallel: too large (at most 2147483647), got 4294967297");
        assertThat(r.stdout()).isEmpty();
    }

    /** Beside a saved tasklist a config only brings connection settings: any platform is fine, core's keys are still checked. */
    @Test
    void aConfigBesideATasklistMayNameAnyPlatformButItsCoreKeysAreChecked() throws IOException {
        Files.writeString(work.resolve("plan.json"), """
                {"name": "p", "stages": [{"name": "s", "concurrency": 1, "tasks": [{"command": "test_command", "message": "hi"}]}]}
                """);
        Files.writeString(work.resolve("ok.yaml"), "platform: elsewhere\nssh:\n  port: 2222\n");
        Files.writeString(work.resolve("bad.yaml"), "platform: elsewhere\nssh:\n  prot: 2222\n");
        CliProcess.Result ok = CliProcess.buildTasklist(work, "--tasklist", "plan.json", "--config", "ok.yaml");
        assertThat(ok.exitCode()).as(ok.all()).isZero();
        CliProcess.Result bad = CliProcess.buildTasklist(work, "--tasklist", "plan.json", "--config", "bad.yaml");
        assertThat(bad.exitCode()).as(bad.all()).isEqualTo(2);
        assertThat(bad.stderr()).contains("bad.yaml:3:3 ssh.prot: unknown key 'prot' in ssh; did you mean 'port'?");
    }

    /** A stage error must not hide task errors: all four problems of this plan are reported in one run. */
    @Test
    void aTasklistWithStageAndTaskErrorsReportsAllOfThem() throws IOException {
        Path marker = work.resolve("executed");
        Path plan = Files.writeString(work.resolve("plan.json"), """
                {"name": "p", "stages": [
                  {"name": "first", "concurrency": 1, "tasks": [{"command": "execute_command", "shell": "touch %s"}]},
                  {"name": "second", "concurrency": 0, "paralel": 2, "tasks": [
                    {"command": "uplaod"},
                    {"command": "execute_command"}
                  ]}
                ]}
                """.formatted(marker));
        for (CliProcess.Result r : List.of(CliProcess.deploy(work, "--tasklist", "plan.json"), CliProcess.buildTasklist(work, "--tasklist", "plan.json"))) {
            assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
            assertThat(r.stderr()).contains("invalid input, nothing was run (4 problems)")
                    .contains("plan.json:3:22 $.stages[1].concurrency: must be at least 1, got 0")
                    .contains("plan.json:3:40 $.stages[1].paralel: unknown stage key 'paralel'")
                    .contains("plan.json:4:5 task 2.1: unknown command 'uplaod'; known commands: ")
                    .contains("plan.json:5:5 task 2.2 (execute_command): missing required argument 'shell' (a string)");
            assertThat(r.stdout()).isBlank();
            assertThat(marker).as("nothing may run").doesNotExist();
        }
    }

    @Test
    void aBrokenTaskKeepsTheIdsOfTheTasksAfterIt() throws IOException {
        Files.writeString(work.resolve("plan.json"), """
                {"name": "p", "stages": [
                  {"name": "only", "concurrency": 1, "tasks": [
                    {"shell": "true"},
                    [],
                    {"command": "execute_command", "remote_host": 5, "shell": "true", "bogus": 1}
                  ]}
                ]}
                """);
        CliProcess.Result r = CliProcess.buildTasklist(work, "--tasklist", "plan.json");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("(4 problems)")
                .contains("plan.json:3:5 $.stages[0].tasks[0]: missing required key 'command' (a string)")
                .contains("plan.json:4:5 $.stages[0].tasks[1]: an empty chain: a chain needs at least one task")
                .contains("plan.json:5:36 $.stages[0].tasks[2].remote_host: expected a string, got integer")
                .contains("plan.json:5:5 task 1.3 (execute_command): unknown argument 'bogus'");
    }

    @Test
    void aHugeStageLimitIsTooLargeNotTooSmall() throws IOException {
        Files.writeString(work.resolve("plan.json"), """
                {"name": "p", "stages": [{"name": "s", "concurrency": 2147483648, "concurrency_per_host": 99999999999999999999,
                  "tasks": [{"command": "test_command", "message": "hi"}]}]}
                """);
        CliProcess.Result r = CliProcess.buildTasklist(work, "--tasklist", "plan.json");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr())
                .contains("$.stages[0].concurrency: too large (at most 2147483647), got 2147483648")
                .contains("$.stages[0].concurrency_per_host: too large (at most 2147483647), got 99999999999999999999")
                .doesNotContain("at least", "Exception", "Source:");
    }
}
