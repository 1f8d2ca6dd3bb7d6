package deployer.tests.ssh;

import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A host whose sshd dies mid-run fails as UNREACHABLE; the other hosts end cleanly. */
@Tag("sshd")
class SshHostLostTest {

    /** One sshd per host, so one host can be killed alone. */
    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(3).addressesPerServer(1);

    @TempDir
    Path work;

    @Test
    void killingOneSshdMidRunFailsThatHostAsUnreachableAndTheOthersFinish() throws Exception {
        Path shared = ssh.writableDir("lost");
        Path release = shared.resolve("release");
        String waitForRelease = "while [ ! -e " + release + " ]; do sleep 0.05; done";
        String lost = ssh.host(1).remoteHost();
        Path tasklist = SshPlans.tasklist(work.resolve("plan.json"), "Lose a host", List.of(SshPlans.stage("Work", 3, 1, List.of(
                SshPlans.task(ssh.host(0).remoteHost(), "touch " + shared.resolve("started0") + "; " + waitForRelease + "; echo done0"),
                List.of(SshPlans.task(lost, "touch " + shared.resolve("started1") + "; sleep 60"),
                        SshPlans.task(lost, "echo never")),
                SshPlans.task(ssh.host(2).remoteHost(), "touch " + shared.resolve("started2") + "; " + waitForRelease + "; echo done2")))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ssh.clientConfigYaml());

        Process deploy = CliProcess.start(CliProcess.DEPLOY, work.resolve("cli"), "--config", config.toString(),
                "--tasklist", tasklist.toString());
        try {
            for (int h = 0; h < 3; h++) {
                awaitFile(shared.resolve("started" + h), deploy);
            }
            ssh.kill(1);
            Files.createFile(release);
            CliProcess.Result result = CliProcess.finish(deploy, work.resolve("cli"), Duration.ofSeconds(60));

            assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
            assertThat(result.stdout()).as(result.all())
                    .containsPattern("FAILED +1\\.2\\.1 execute_command on " + Pattern.quote(lost) + ": UNREACHABLE: connection to .*" + Pattern.quote(lost) + ".* lost while running")
                    .containsPattern("NOT_RUN 1\\.2\\.2 execute_command on " + Pattern.quote(lost))
                    .contains("SUCCEEDED 2")
                    .doesNotContain("on " + ssh.host(0).remoteHost() + ":", "on " + ssh.host(2).remoteHost() + ":");
            assertThat(result.stderr()).contains("done0", "done2");
        } finally {
            deploy.destroyForcibly();
        }
    }

    /** Polls for a file a remote command creates; fails fast if the deploy ended instead. */
    private static void awaitFile(Path file, Process deploy) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(file)) {
            if (!deploy.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no " + file + " (deploy " + (deploy.isAlive() ? "still running" : "ended") + ")");
            }
            Thread.sleep(20);
        }
    }
}
