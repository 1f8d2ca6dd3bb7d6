package deployer.tests.release;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The training run of the class-data archive and AOT cache (deployer.core.internal.cli.perf.CdsTraining) on the spec's
 * example, with every module on the classpath as the release has them: each step must still work. A step that stops
 * working (an option renamed, a generator gone, an sshj upgrade that changes its configuration) only makes the
 * archive smaller and every start slower, silently, since the training must never fail the launcher.
 */
class CdsTrainingTest {

    @Test
    void everyTrainingStepSucceeds(@TempDir Path work) {
        CliProcess.Result r = CliProcess.run("deployer.core.internal.cli.perf.CdsTraining", work, Duration.ofMinutes(2),
                CliProcess.projectRoot().resolve("conf/test.yaml").toString());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).as(r.stderr())
                .contains("cds training: every step succeeded")
                .contains("cds training: build-tasklist --dump: exit 0", "cds training: deploy: exit 0",
                        "cds training: ssh config: exit 0", "cds training: log4j: exit 0");
    }
}
