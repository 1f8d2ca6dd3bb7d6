package deployer.tests.ssh;

import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The second Ctrl-C aborts a command running over SSH and closes the connection. */
@Tag("sshd")
class SshAbortTest {

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(1);

    @TempDir
    Path work;

    @Test
    void theSecondInterruptAbortsTheRemoteCommandAndClosesTheConnection() throws Exception {
        Path shared = ssh.writableDir("abort");
        Path started = shared.resolve("started");
        String host = ssh.host(0).remoteHost();
        Path tasklist = SshPlans.tasklist(work.resolve("plan.json"), "Abort", List.of(SshPlans.stage("Long", 1, 1, List.of(
                SshPlans.task(host, "touch " + started + "; sleep 60")))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ssh.clientConfigYaml());
        Path cli = work.resolve("cli");

        Process deploy = CliProcess.start(CliProcess.DEPLOY, cli, "--config", config.toString(), "--tasklist", tasklist.toString());
        try {
            await(() -> Files.exists(started), deploy, "the remote command to start");
            CliProcess.interrupt(deploy);
            await(() -> Files.readString(cli.resolve("cli.err")).contains("Interrupted: starting nothing new"), deploy,
                    "the first interrupt to be noticed");
            CliProcess.interrupt(deploy);
            CliProcess.Result result = CliProcess.finish(deploy, cli, Duration.ofSeconds(30));

            assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
            assertThat(result.stdout()).as(result.all())
                    .containsPattern("FAILED +1\\.1\\S* execute_command on " + Pattern.quote(host) + ": INTERRUPTED");
            assertThat(ssh.log(0)).as("sshd saw the client go").containsPattern("Disconnected from user|Disconnecting user|Connection closed by|Connection reset by");
        } finally {
            deploy.destroyForcibly();
        }
    }

    private interface Condition {
        boolean holds() throws IOException;
    }

    private static void await(Condition condition, Process deploy, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.holds()) {
            if (!deploy.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what + " (deploy " + (deploy.isAlive() ? "still running" : "ended") + ")");
            }
            Thread.sleep(20);
        }
    }

}
