package deployer.tests.ssh;

import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import deployer.core.testing.Procs;
import deployer.core.testing.PtyProcess;
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

/**
 * Ctrl-C at the deployer's terminal (a real pty, see {@link PtyProcess}) while commands run on real OpenSSH hosts:
 * once, they finish; twice, they are ended on the host (the session's whole process group), not just hung up on.
 */
@Tag("sshd")
class SshCtrlCTerminalTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(1);

    @TempDir
    Path work;

    @Test
    void oneCtrlCLetsTheRemoteCommandFinish() throws Exception {
        Path shared = ssh.writableDir("ctrlc-once");
        Path release = shared.resolve("release");
        String host = ssh.host(0).remoteHost();
        Path tasklist = SshPlans.tasklist(work.resolve("plan.json"), "remote", List.of(
                SshPlans.stage("work", 1, 1, List.of(
                        SshPlans.task(host, "echo $$ > " + shared.resolve("r.pid") + "; until [ -e " + release + " ]; do sleep 0.05; done; touch "
                                + shared.resolve("done")),
                        SshPlans.task(host, "touch " + shared.resolve("second"))))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ssh.clientConfigYaml());
        try (PtyProcess deploy = PtyProcess.start(CliProcess.DEPLOY, work.resolve("cli"), "--config", config.toString(),
                "--tasklist", tasklist.toString())) {
            awaitPid(deploy, shared.resolve("r.pid"), 1);
            deploy.pressCtrlC();
            deploy.await("the waited-on task to be listed", WAIT, () -> deploy.stderr().contains("waiting for " + host + " 1.1 execute_command"));
            Files.createFile(release);
            CliProcess.Result r = deploy.finish(WAIT);

            assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
            assertThat(r.stdout()).as(r.all()).contains("Run remote: STOPPED in").contains("SUCCEEDED 1")
                    .contains("NOT_RUN 1.2 execute_command on " + host).doesNotContain("FAILED");
            assertThat(shared.resolve("done")).exists();
            assertThat(shared.resolve("second")).doesNotExist();
        }
    }

    @Test
    void twoCtrlCsEndTheRemoteCommandsProcessGroupAndCloseTheConnection() throws Exception {
        Path shared = ssh.writableDir("ctrlc-twice");
        String host = ssh.host(0).remoteHost();
        // The second command ignores TERM (and so do its children): it only goes with KILL after the grace period.
        Path tasklist = SshPlans.tasklist(work.resolve("plan.json"), "remote", List.of(
                SshPlans.stage("work", 2, 2, List.of(
                        SshPlans.task(host, "echo $$ > " + shared.resolve("a.pid") + "; sleep 300 & sleep 300"),
                        SshPlans.task(host, "trap '' TERM; echo $$ > " + shared.resolve("b.pid") + "; sleep 300 & sleep 300"))),
                SshPlans.stage("after", 1, 1, List.of(SshPlans.task(host, "touch " + shared.resolve("after"))))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ssh.clientConfigYaml());
        try (PtyProcess deploy = PtyProcess.start(CliProcess.DEPLOY, work.resolve("cli"), "--config", config.toString(),
                "--tasklist", tasklist.toString())) {
            long a = awaitPid(deploy, shared.resolve("a.pid"), 3);
            long b = awaitPid(deploy, shared.resolve("b.pid"), 3);
            deploy.pressCtrlC();
            deploy.await("the first Ctrl-C to be noticed", WAIT, () -> deploy.stderr().contains("Interrupted: starting nothing new"));
            deploy.pressCtrlC();
            CliProcess.Result r = deploy.finish(WAIT);

            assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
            assertThat(r.stdout()).as(r.all()).contains("Run remote: ABORTED in")
                    .containsPattern("FAILED +1\\.1 execute_command on " + Pattern.quote(host) + ": INTERRUPTED")
                    .containsPattern("FAILED +1\\.2 execute_command on " + Pattern.quote(host) + ": INTERRUPTED")
                    .contains("NOT_RUN 2.1");
            assertThat(Procs.inGroup(a)).as("left of the first remote command's process group\n" + r.all()).isEmpty();
            assertThat(Procs.inGroup(b)).as("left of the second remote command's process group (ignores TERM)\n" + r.all()).isEmpty();
            assertThat(ssh.log(0)).as("sshd saw the client go").containsPattern("Disconnected from user|Disconnecting user|Connection closed by|Connection reset by");
            assertThat(shared.resolve("after")).doesNotExist();
        }
    }

    /** Waits until a remote shell wrote its pid (the session's process group on the sshd host) and has its children. */
    private static long awaitPid(PtyProcess deploy, Path file, int processes) throws Exception {
        deploy.await(file.getFileName() + " to be written", WAIT, () -> Files.exists(file) && Files.readString(file).endsWith("\n")
                && Procs.inGroup(Long.parseLong(Files.readString(file).trim())).size() >= processes);
        return Long.parseLong(Files.readString(file).trim());
    }
}
