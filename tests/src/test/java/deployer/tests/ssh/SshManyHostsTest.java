package deployer.tests.ssh;

import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One deploy to 200 real OpenSSH hosts (127.0.0.2–201, 13 sshd processes of 16 addresses), all at once, with a
 * connect limit below the host count: every host succeeds, and each accepted exactly one connection (the queued
 * connects neither time out nor retry). Speed is measured by the benchmark (BENCHMARKS.md), not here.
 */
@Tag("sshd")
@Timeout(180)
class SshManyHostsTest {

    private static final int HOSTS = 200;

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(HOSTS);

    @TempDir
    Path work;

    @Test
    void aRunOnTwoHundredHostsSucceedsOnEachWithOneConnection() throws Exception {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (OpenSshServers.Host h : ssh.hosts()) {
            tasks.add(SshPlans.task(h.remoteHost(), "echo reached " + h.address()));
        }
        Path tasklist = SshPlans.tasklist(work.resolve("plan.json"), "Many hosts",
                List.of(SshPlans.stage("Fan-out", HOSTS, 1, tasks)));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ssh.clientConfigYaml()
                + "  max_parallel_connects: 16\n  connect_timeout: 30\n");
        int[] before = IntStream.range(0, HOSTS).map(ssh::connections).toArray();

        CliProcess.Result run = CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--tasklist", tasklist.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).contains("SUCCEEDED " + HOSTS);
        for (OpenSshServers.Host h : ssh.hosts()) {
            assertThat(run.stderr()).contains("reached " + h.address() + "\n");
        }
        int[] connections = IntStream.range(0, HOSTS).map(i -> ssh.connections(i) - before[i]).toArray();
        assertThat(connections).as("TCP connections per host").containsOnly(1);
    }
}
