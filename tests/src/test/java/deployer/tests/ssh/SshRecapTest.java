package deployer.tests.ssh;

import deployer.tests.fixtures.Plans;
import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static deployer.tests.fixtures.Plans.shell;
import static deployer.tests.fixtures.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

/** The recap over real OpenSSH: a host that cannot be reached counts as unreachable, not failed; the other's work as changed. */
@Tag("sshd")
class SshRecapTest {

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(1);

    @TempDir
    Path work;

    @Test
    void anUnreachableHostIsCountedApartFromFailuresAndTheReachableHostsWorkAsChanged() throws Exception {
        String gone = "127.0.0.1:" + closedPort();
        String up = ssh.host(0).remoteHost();
        Path shared = ssh.writableDir("recap");
        Path tasklist = SshPlans.tasklist(work.resolve("plan.json"), "Recap", List.of(
                stage("deploy", 2, List.of(
                                List.of(shell(gone, "true"), shell(gone, "true")),
                                List.of(shell(up, "touch " + shared.resolve("1")), shell(up, "touch " + shared.resolve("2")))),
                        "on_failure", "continue", "max_failures", 1),
                stage("after", 2, List.of(shell(gone, "true"), shell(up, "touch " + shared.resolve("3"))))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ssh.clientConfigYaml());

        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--tasklist", tasklist.toString(),
                "--journal", work.resolve("run.journal").toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).as(r.all())
                .containsPattern("\n  " + Pattern.quote(gone)
                        + "\\s+: ok=0\\s+changed=0\\s+failed=0\\s+unreachable=1\\s+skipped=0\\s+not_run=2\\s+\\d+\\.\\d s\n")
                .containsPattern("\n  " + Pattern.quote(up)
                        + "\\s+: ok=3\\s+changed=3\\s+failed=0\\s+unreachable=0\\s+skipped=0\\s+not_run=0\\s+\\d+\\.\\d s\n")
                .containsPattern("\n   1 deploy\\s+FAILED in \\d+\\.\\d s \\(1 of 4 tasks failed, 1 not run\\)\n")
                .containsPattern("\n   2 after\\s+incomplete in \\d+\\.\\d s \\(1 of 2 not run\\)\n");
        assertThat(r.stderr()).containsPattern("\\[INFO    \\] \\[Executor       \\] \\[" + Pattern.quote(up)
                + "\\] \\[\\*\\] Finished task 2\\.2 execute_command on " + Pattern.quote(up) + " in \\d+\\.\\d s, changed\n");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
