package deployer.tests.tarball;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static deployer.tests.fixtures.DemoHosts.SERVICE;
import static deployer.tests.fixtures.DemoHosts.V1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deploy killed (kill -9) while its approval gate waits: the answer given while it is gone is recorded (the CLI
 * says it counts when the run is resumed), and {@code --resume} continues at that gate, which finds the answer at
 * once and lets the rollout complete. On local hosts through the real deploy CLI.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CanaryApproveResumeTest {

    @TempDir
    Path work;

    @Test
    void anApprovalGivenWhileTheDeployWasDeadCountsWhenItIsResumedAtTheGate() throws Exception {
        Map<String, String> env = Map.of("XDG_STATE_HOME", work.resolve("state").toString());
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
                + "    gates: [{approve: true}]\n");
        Path first = Files.createDirectories(work.resolve("first"));
        Process p = CliProcess.start(CliProcess.DEPLOY, first, env, "--config", config.toString(),
                "--directory", CliProcess.projectRoot().resolve("conf/demo/packages/v1").toString());
        Path err = first.resolve("cli.err");
        Instant deadline = Instant.now().plusSeconds(90);
        while (!Files.exists(err) || !Files.readString(err).contains("Waiting for an approval after demo-web batch 1 of 2")) {
            assertThat(Instant.now()).as("waiting for the gate").isBefore(deadline);
            Thread.sleep(50);
        }
        Matcher m = Pattern.compile("Run (\\S+): deploy by ").matcher(Files.readString(err));
        assertThat(m.find()).isTrue();
        String runId = m.group(1);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);

        CliProcess.Result answered = CliProcess.run(CliProcess.DEPLOY, work.resolve("answer"), Duration.ofSeconds(60), env, "approve", runId);
        assertThat(answered.exitCode()).as(answered.all()).isZero();
        assertThat(answered.stderr()).contains("is no longer running: the answer counts when the run is resumed");

        Path journal = work.resolve("state/deployer/journal/deploy_" + runId + ".journal");
        Path plan = work.resolve("state/deployer/journal/deploy_" + runId + ".plan.json");
        CliProcess.Result resumed = CliProcess.run(CliProcess.DEPLOY, work.resolve("resumed"), Duration.ofSeconds(120), env,
                "--tasklist", plan.toString(), "--resume", journal.toString(), "--config", config.toString());
        assertThat(resumed.exitCode()).as(resumed.all()).isZero();
        assertThat(resumed.stderr()).contains("Approval gate after demo-web batch 1 of 2: continue requested by ",
                "Starting stage: Deploy demo-web (batch 2 of 2)");
        assertThat(resumed.stdout()).contains("ALREADY_DONE");
        for (String h : new String[] {"h1", "h2", "h3"}) {
            assertThat(Files.readSymbolicLink(work.resolve("hosts/" + h + "/" + SERVICE)).getFileName().toString()).isEqualTo(SERVICE + "_" + V1);
        }
    }
}
