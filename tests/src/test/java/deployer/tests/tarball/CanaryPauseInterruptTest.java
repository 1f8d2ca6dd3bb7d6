package deployer.tests.tarball;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static deployer.tests.fixtures.DemoHosts.SERVICE;
import static deployer.tests.fixtures.DemoHosts.V1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pause gate is interruptible as any task: a first Ctrl-C during a ten-minute pause ends the pause at once (a
 * pause, unlike a host's deploy chain, is safe to cut short), the gate fails INTERRUPTED and the next batch never
 * starts. On local hosts through the real deploy CLI.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CanaryPauseInterruptTest {

    @TempDir
    Path work;

    @Test
    void aFirstCtrlCEndsAPauseGateAndTheNextBatchNeverStarts() throws Exception {
        Path config = Files.writeString(work.resolve("canary.yaml"), "platform: tarball\n"
                + "hostgroup:\n"
                + "  web: [local:h1, local:h2, local:h3]\n"
                + "service:\n"
                + "  " + SERVICE + ":\n"
                + "    hostgroups: [web]\n"
                + "    install_location: " + work.resolve("hosts") + "/{hostname}\n"
                + "    stop_command: \"true\"\n"
                + "    start_command: \"true\"\n"
                + "    batches: [1, \"100%\"]\n"
                + "    gates: [{pause: 10m}]\n");
        Process p = CliProcess.start(CliProcess.DEPLOY, work, "--config", config.toString(),
                "--directory", CliProcess.projectRoot().resolve("conf/demo/packages/v1").toString());
        Path err = work.resolve("cli.err");
        Instant deadline = Instant.now().plusSeconds(90);
        while (!Files.exists(err) || !Files.readString(err).contains("Pausing 10m after demo-web batch 1 of 2")) {
            assertThat(Instant.now()).as("waiting for the pause").isBefore(deadline);
            Thread.sleep(50);
        }
        CliProcess.interrupt(p);
        CliProcess.Result r = CliProcess.finish(p, work, Duration.ofSeconds(60));

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        // The cut-short gate counts as failed (so a resume runs it again): the run reads FAILED, not STOPPED.
        assertThat(r.stdout()).as(r.all())
                .containsPattern("FAILED  \\d+\\.1 gate_pause on local \\[demo-web]: INTERRUPTED: pause after demo-web batch 1 of 2: stopped after ")
                .contains("the run is stopping");
        assertThat(r.stderr()).doesNotContain("Starting stage: Deploy demo-web (batch 2 of 2)");
        assertThat(Files.readSymbolicLink(work.resolve("hosts/h1/" + SERVICE)).getFileName().toString()).isEqualTo(SERVICE + "_" + V1);
        assertThat(work.resolve("hosts/h2/" + SERVICE)).doesNotExist();
    }
}
