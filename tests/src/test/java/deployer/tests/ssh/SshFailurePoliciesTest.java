package deployer.tests.ssh;

import deployer.tests.fixtures.Plans;
import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import deployer.core.testing.Procs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import static deployer.tests.fixtures.Plans.shell;
import static deployer.tests.fixtures.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

/** Failure policies on real OpenSSH hosts: a timeout ends the remote command; an unreachable host drops out under continue. */
@Tag("sshd")
class SshFailurePoliciesTest {

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(2);

    @TempDir
    Path work;

    @Test
    void aTimeoutEndsARemoteSleepOnItsHost() throws Exception {
        // A unique duration is the marker: it is in the remote sleep's own command line (the hosts are loopback).
        String marker = "300." + ThreadLocalRandom.current().nextInt(100_000_000, 999_999_999);
        String host = ssh.host(0).remoteHost();
        // The shell writes its pid before it becomes the sleep: proof that the sleep ran, with no race against the
        // 3 s in which it runs (a loaded machine may not look at the process list in time).
        Path pid = ssh.writableDir("timeout").resolve("sleep.pid");
        Path tasklist = SshPlans.tasklist(work.resolve("plan.json"), "Remote timeout", List.of(stage("s", 1, List.of(
                shell(host, "echo $$ > " + pid + "; exec sleep " + marker, "timeout", 3)))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ssh.clientConfigYaml());

        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--tasklist", tasklist.toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).as(r.all()).contains("FAILED  1.1 execute_command on " + host + ": TIMEOUT: timed out after 3 s");
        assertThat(pid).as("the remote command started").exists();
        await(() -> !sleeping(marker), Duration.ofSeconds(10), "the remote sleep to end");
    }

    @Test
    void anUnreachableHostUnderContinueIsSkippedAndTheOtherHostFinishes() throws Exception {
        String gone = "127.0.0.1:" + closedPort();
        String up = ssh.host(1).remoteHost();
        Path shared = ssh.writableDir("unreachable");
        Path tasklist = SshPlans.tasklist(work.resolve("plan.json"), "Unreachable", List.of(
                stage("deploy", 2, List.of(
                                List.of(shell(gone, "true"), shell(gone, "true")),
                                List.of(shell(up, "touch " + shared.resolve("up-1")), shell(up, "touch " + shared.resolve("up-2")))),
                        "on_failure", "continue", "max_failures", 1),
                stage("after", 2, List.of(shell(gone, "true"), shell(up, "touch " + shared.resolve("up-after"))))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ssh.clientConfigYaml());

        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--tasklist", tasklist.toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).as(r.all())
                .containsPattern("FAILED +1\\.1\\.1 execute_command on " + Pattern.quote(gone) + ": UNREACHABLE")
                .contains("NOT_RUN 1.1.2 execute_command on " + gone + ": task 1.1.1 failed on " + gone + " (on_failure: continue)")
                .contains("NOT_RUN 2.1 execute_command on " + gone + ": host " + gone + " is unreachable (task 1.1.1: UNREACHABLE;"
                        + " on_failure: continue)")
                .doesNotContain("on " + up + ":");
        assertThat(shared.resolve("up-1")).exists();
        assertThat(shared.resolve("up-2")).exists();
        assertThat(shared.resolve("up-after")).exists();
    }

    private static boolean sleeping(String marker) {
        return Procs.all().stream().anyMatch(p -> p.cmdline().contains("sleep " + marker));
    }

    /** A loopback port nobody listens on: bound, then released. */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static void await(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
