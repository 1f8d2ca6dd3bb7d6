package deployer.tests.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** stdout carries only results: the plan of {@code --dump}, the run summary. Status lines and logs go to stderr. */
class CleanStreamsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** conf/demo.yaml with its hosts' root folder moved into the test's directory (the plan is read, not run). */
    private static Path demoConfig(Path work) throws IOException {
        Path project = CliProcess.projectRoot();
        String yaml = Files.readString(project.resolve("conf/demo.yaml"))
                .replace("/tmp/deployer-demo", work.resolve("hosts").toString())
                .replace("tarballs: demo/packages/v1", "tarballs: " + project.resolve("conf/demo/packages/v1"));
        return Files.writeString(work.resolve("demo.yaml"), yaml);
    }

    @Test
    void theDumpOfTheDemoPlanIsJsonOnStdoutAndPythonsJsonToolReadsIt(@TempDir Path work) throws Exception {
        CliProcess.Result r = CliProcess.buildTasklist(work, "--config", demoConfig(work).toString(), "--redeploy", "--dump");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("Syntax ok");
        JsonNode plan = JSON.readTree(r.stdout());
        assertThat(plan.get("name").asText()).isNotBlank();
        assertThat(plan.get("stages").size()).isGreaterThan(2);

        // The issue's own check, as a process: build-tasklist … --dump | python3 -m json.tool
        Process python = new ProcessBuilder("python3", "-m", "json.tool").redirectErrorStream(true).start();
        python.getOutputStream().write(r.stdout().getBytes(StandardCharsets.UTF_8));
        python.getOutputStream().close();
        String pretty = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(30, TimeUnit.SECONDS)).as("python3 -m json.tool finished").isTrue();
        assertThat(python.exitValue()).as(pretty).isZero();
        assertThat(JSON.readTree(pretty)).isEqualTo(plan);
    }

    @Test
    void savingPrintsNothingOnStdoutAndTheDumpEqualsTheSavedFile(@TempDir Path work) throws Exception {
        Path saved = work.resolve("plan.json");
        CliProcess.Result r = CliProcess.buildTasklist(work, "--config", demoConfig(work).toString(), "--redeploy",
                "--save", saved.toString(), "--dump");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("Syntax ok", "Saved tasklist to " + saved);
        assertThat(r.stdout()).isEqualTo(Files.readString(saved));
    }

    @Test
    void aDryRunSaysSyntaxOkOnStderrAndPrintsNoResult(@TempDir Path work) {
        CliProcess.Result r = CliProcess.deploy(work, "--config", CliProcess.projectRoot().resolve("conf/test.yaml").toString(), "--dry-run");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("Syntax ok");
    }

    @Test
    void aRunPrintsOnlyItsSummaryOnStdoutAndItsLogOnStderr(@TempDir Path work) {
        CliProcess.Result r = CliProcess.deploy(work, "--config", CliProcess.projectRoot().resolve("conf/test.yaml").toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).startsWith("Run Test Generator: SUCCEEDED in ").doesNotContain("[INFO", "Executing test command");
        assertThat(r.stderr()).contains("Executing test command: Hello World").doesNotContain("Run Test Generator: SUCCEEDED");
    }
}
