package deployer.tests.reports;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLIs log through Log4j 2 on conf/log4j2.xml (the one back end): the spec's format on stderr and in the
 * {@code --logdir} file, an edited file honoured, and a log file per run.
 */
class LogConfigurationTest {

    private static final Path STOCK = CliProcess.projectRoot().resolve("conf/log4j2.xml");
    private static final Path CONFIG = CliProcess.projectRoot().resolve("conf/test.yaml");

    /** build-tasklist of the spec's example with Log4j told to read {@code log4jConfig}, as bin/ tells it. */
    private static CliProcess.Result buildTasklist(Path work, Path log4jConfig, String... more) throws IOException {
        List<String> cmd = CliProcess.command(CliProcess.BUILD_TASKLIST, Files.createDirectories(work.resolve("home")), "--config", CONFIG.toString());
        cmd.replaceAll(arg -> arg.startsWith("-Dlog4j2.configurationFile=") ? "-Dlog4j2.configurationFile=" + log4jConfig : arg);
        cmd.addAll(List.of(more));
        Process p = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectOutput(work.resolve("cli.out").toFile()).redirectError(work.resolve("cli.err").toFile()).start();
        return CliProcess.finish(p, work, Duration.ofMinutes(2));
    }

    /**
     * Issue 20, defect 1: named by the second, two runs that start in the same second appended to one file. Named by
     * the run id, each run has its own, whatever the clock says.
     */
    @Test
    void eachRunGetsItsOwnLogFileNamedByItsRunId(@TempDir Path work) throws IOException {
        Path logs = work.resolve("logs");
        List<String> runIds = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            CliProcess.Result r = buildTasklist(work.resolve("run" + i), STOCK, "--logdir", logs.toString());
            assertThat(r.exitCode()).as(r.all()).isZero();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Run (\\S+): build-tasklist by ").matcher(r.stderr());
            assertThat(m.find()).as(r.stderr()).isTrue();
            runIds.add(m.group(1));
        }

        for (String runId : runIds) {
            Path log = logs.resolve("build-tasklist_" + runId + ".log");
            assertThat(log).as("the log file named by the run id").isRegularFile();
            assertThat(Files.readString(log)).as("one run's lines only").containsOnlyOnce("Run ").contains("Run " + runId + ":");
        }
        try (var files = Files.list(logs)) {
            assertThat(files.filter(f -> f.toString().endsWith(".log"))).hasSize(2);
        }
    }

    @Test
    void anEditedLog4jConfigurationIsHonoured(@TempDir Path work) throws IOException {
        Path edited = Files.writeString(work.resolve("log4j2.xml"), Files.readString(STOCK)
                .replace("pattern=\"%d{", "pattern=\"EDITED %d{")
                .replace("<Logger name=\"deployer\" level=\"info\"/>", "<Logger name=\"deployer.generators\" level=\"error\"/><Logger name=\"deployer\" level=\"info\"/>"));
        CliProcess.Result r = buildTasklist(work, edited);

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("[INFO    ] [Config         ] [*] [*] Loading configuration from " + CONFIG)
                .as("the edited level").doesNotContain("Generating test task list");
        assertThat(r.stderr().lines().filter(l -> l.contains("[INFO    ]"))).isNotEmpty().allMatch(l -> l.startsWith("EDITED "));
    }

    @Test
    void theStockConfigurationPrintsTheSpecFormatOnStderrAndInTheLogFile(@TempDir Path work) throws IOException {
        Path logs = work.resolve("logs");
        CliProcess.Result r = buildTasklist(work, STOCK, "--logdir", logs.toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        List<String> logLines = r.stderr().lines().filter(l -> !l.equals("Syntax ok")).toList();
        assertThat(logLines).isNotEmpty().allMatch(l -> l.matches(
                "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} \\[(INFO |WARN )   \\] \\[[\\w ]{15,}\\] \\[\\*\\] \\[\\*\\] .+"), "the spec's format");
        assertThat(r.stderr()).contains("[INFO    ] [TestGenerator  ] [*] [*] Generating test task list");
        try (var files = Files.list(logs)) {
            Path log = files.findFirst().orElseThrow();
            assertThat(Files.readString(log).lines().toList()).as("the log file has the console's lines").isEqualTo(logLines);
        }
    }
}
