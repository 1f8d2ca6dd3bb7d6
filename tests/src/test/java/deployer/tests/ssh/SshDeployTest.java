package deployer.tests.ssh;

import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole {@code deploy --tasklist} over SSH to three real OpenSSH hosts (127.0.0.2-4), checked from the server
 * side: the commands record when they start and end, and sshd's log counts the connections.
 */
@Tag("sshd")
class SshDeployTest {

    private static final int HOSTS = 3;
    private static final int TASKS_PER_HOST = 4;
    private static final int PER_HOST_LIMIT = 2;

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(HOSTS);

    @TempDir
    static Path work;
    static Path records;
    static CliProcess.Result run;

    /**
     * Stage 1: four tasks per host, all allowed at once by {@code concurrency} but two per host by
     * {@code concurrency_per_host}. Each appends "start ID", waits until two tasks of its host have started (so
     * the limit is reached whenever the engine allows it; it gives up after 20 s), works 0.2 s, appends "end ID".
     * Stage 2: one more command per host, to show the connection outlives a stage.
     */
    @BeforeAll
    static void deployToThreeHosts() throws Exception {
        records = ssh.writableDir("records");
        List<Map<String, Object>> overlapping = new ArrayList<>();
        List<Map<String, Object>> after = new ArrayList<>();
        for (int t = 1; t <= TASKS_PER_HOST; t++) {
            for (int h = 0; h < HOSTS; h++) {
                String file = records.resolve("host" + h + ".events").toString();
                overlapping.add(SshPlans.task(ssh.host(h).remoteHost(),
                        "f=" + file + "; echo \"start " + t + "\" >> $f; n=0;"
                                + " while [ \"$(grep -c start $f)\" -lt " + PER_HOST_LIMIT + " ] && [ $n -lt 400 ]; do sleep 0.05; n=$((n+1)); done;"
                                + " sleep 0.2; echo \"end " + t + "\" >> $f"));
            }
        }
        for (int h = 0; h < HOSTS; h++) {
            after.add(SshPlans.task(ssh.host(h).remoteHost(), "echo second stage on $(hostname) as $(id -un)"));
        }
        Path tasklist = SshPlans.tasklist(work.resolve("plan.json"), "SSH fan-out", List.of(
                SshPlans.stage("Overlap", HOSTS * TASKS_PER_HOST, PER_HOST_LIMIT, overlapping),
                SshPlans.stage("After", HOSTS, 1, after)));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ssh.clientConfigYaml());

        run = CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--tasklist", tasklist.toString());
    }

    @Test
    void theRunSucceedsOnEveryHost() {
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).contains("SUCCEEDED " + (HOSTS * TASKS_PER_HOST + HOSTS));
        assertThat(run.stderr()).contains("second stage on", "as " + ssh.user());
    }

    @Test
    void perHostConcurrencyNeverExceedsTheLimitAndReachesIt() throws Exception {
        for (int h = 0; h < HOSTS; h++) {
            List<String> events = Files.readAllLines(records.resolve("host" + h + ".events"));
            assertThat(events).as("host %d records", h).hasSize(2 * TASKS_PER_HOST);
            int running = 0;
            int most = 0;
            for (String e : events) {
                running += e.startsWith("start ") ? 1 : -1;
                most = Math.max(most, running);
            }
            assertThat(most).as("most tasks running at once on %s: %s", ssh.host(h).remoteHost(), events).isEqualTo(PER_HOST_LIMIT);
        }
    }

    @Test
    void eachHostGetsExactlyOneTcpConnectionForTheWholeRun() {
        assertThat(run.exitCode()).as(run.all()).isZero();
        for (int h = 0; h < HOSTS; h++) {
            assertThat(ssh.connections(h)).as("connections to %s:%n%s", ssh.host(h).remoteHost(), ssh.log(h)).isEqualTo(1);
        }
        assertThat(ssh.logins(0)).as("logins on the sshd serving all %d hosts", HOSTS).isEqualTo(HOSTS);
    }

    @Test
    void aStageAboveTheServersSessionBudgetIsWarnedAboutBeforeAnythingRuns() throws Exception {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            tasks.add(SshPlans.task(ssh.host(0).remoteHost(), "true"));
        }
        Path tasklist = SshPlans.tasklist(work.resolve("wide.json"), "Too wide", List.of(SshPlans.stage("Wide", 12, 12, tasks)));
        Path config = SshPlans.config(work.resolve("wide.yaml"), ssh.clientConfigYaml());
        int connectionsBefore = ssh.connections(0);

        CliProcess.Result dryRun = CliProcess.deploy(work.resolve("wide"), "--config", config.toString(),
                "--tasklist", tasklist.toString(), "--dry-run");

        assertThat(dryRun.exitCode()).as(dryRun.all()).isZero();
        assertThat(dryRun.stderr()).contains("Syntax ok");
        assertThat(dryRun.stdout()).as("a dry run prints no result").isEmpty();
        assertThat(dryRun.stderr()).containsOnlyOnce("Stage 1 'Wide' allows 12 tasks at once per host")
                .contains("[WARN", "ssh.max_sessions 10");
        assertThat(ssh.connections(0)).as("a dry run connects nowhere").isEqualTo(connectionsBefore);
    }
}
