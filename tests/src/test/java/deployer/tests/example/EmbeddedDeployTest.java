package deployer.tests.example;

import deployer.core.testing.CliProcess;
import deployer.tests.example.EmbeddedDeploy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The library API's example program, run as a program of its own on the spec's example config. */
class EmbeddedDeployTest {

    @Test
    void theExampleProgramRunsTheSpecsPlanThroughTheLibraryApi(@TempDir Path work) {
        CliProcess.Result r = CliProcess.run(EmbeddedDeploy.class.getName(), work, Duration.ofMinutes(2),
                CliProcess.projectRoot().resolve("conf/test.yaml").toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).containsPattern("task 1\\.1 test_command SUCCEEDED\\n")
                .containsPattern("run \\d{8}T\\d{6}Z-[0-9a-f]+ SUCCEEDED\\n");
        // The library logs as the CLI does: the spec's own lines.
        assertThat(r.stderr()).contains("Executing test command: Hello World / None");
    }

    @Test
    void aBadConfigComesBackAsProblemsWithTheirLocation(@TempDir Path work) throws Exception {
        Path bad = java.nio.file.Files.writeString(work.resolve("bad.yaml"), "platform: test\nusr: me\n");
        CliProcess.Result r = CliProcess.run(EmbeddedDeploy.class.getName(), work, Duration.ofMinutes(2), bad.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("invalid: ", "bad.yaml:2:1", "unknown key 'usr'", "did you mean 'user'?");
    }
}
