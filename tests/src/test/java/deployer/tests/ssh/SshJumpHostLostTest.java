package deployer.tests.ssh;

import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bastion dies between two stages of a run (its sshd killed with every session under it, as a crashed
 * machine vanishes): the next task behind it fails as UNREACHABLE, saying the jump host failed, and the run ends.
 */
@Tag("sshd")
@Timeout(120)
class SshJumpHostLostTest {

    static OpenSshServers target = OpenSshServers.hosts(1);
    static OpenSshServers bastion = OpenSshServers.hosts(1);

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        target.start();
        bastion.start();
    }

    @AfterAll
    static void stop() {
        bastion.close();
        target.close();
    }

    @Test
    void aTaskBehindALostBastionFailsAsUnreachableAndTheRunEnds() throws Exception {
        Path sync = target.writableDir("sync");
        Path firstDone = sync.resolve("first-done");
        Path go = work.resolve("go");
        Map<String, Object> waitForGo = new java.util.LinkedHashMap<>();
        waitForGo.put("command", "execute_command");
        waitForGo.put("shell", "n=0; while [ ! -e " + go + " ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n+1)); done; test -e " + go);
        Path tasklist = SshPlans.tasklist(work.resolve("plan.json"), "bastion lost", List.of(
                SshPlans.stage("Before", 1, 1, List.of(SshPlans.task(target.host(0).remoteHost(), "touch " + firstDone))),
                SshPlans.stage("Meanwhile", 1, 1, List.of(waitForGo)),
                SshPlans.stage("After", 1, 1, List.of(SshPlans.task(target.host(0).remoteHost(), "echo must not run")))));
        Path knownHosts = Files.writeString(work.resolve("known_hosts"),
                Files.readString(target.knownHosts()) + Files.readString(bastion.knownHosts()));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), "user: " + target.user() + "\n"
                + "ssh:\n"
                + "  identity_files: [" + target.clientKey() + ", " + bastion.clientKey() + "]\n"
                + "  known_hosts: " + knownHosts + "\n"
                + "  config_file: none\n"
                + "  connect_timeout: 5\n"
                + "  proxy_jump: " + bastion.user() + "@" + bastion.host(0).remoteHost() + "\n");
        Path cli = work.resolve("cli");

        Process deploy = CliProcess.start(CliProcess.DEPLOY, cli, "--config", config.toString(), "--tasklist", tasklist.toString());
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(firstDone) && deploy.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(firstDone).as("the first stage ran through the bastion").exists();
            bastion.kill(0);
            Files.writeString(go, "");
            CliProcess.Result run = CliProcess.finish(deploy, cli, Duration.ofSeconds(60));

            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.all()).contains("UNREACHABLE", "jump host").doesNotContain("] must not run\n"); // the output line, not the start line naming it
            assertThat(run.stdout()).contains("SUCCEEDED 2");
        } finally {
            deploy.destroyForcibly();
            deploy.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
