package deployer.tests.operator;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deploy run -- COMMAND}: one command on the selected hosts of a config, on three real OpenSSH hosts. */
@Tag("sshd")
class AdHocRunTest {

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(3);

    @TempDir
    Path work;

    /** Three hosts in group web (service web), the last also alone in group db (service db); two commands at once. */
    private Path config() throws IOException {
        List<String> hosts = ssh.hosts().stream().map(OpenSshServers.Host::remoteHost).toList();
        String yaml = "platform: tarball\n"
                + "deploy_concurrency: 2\n"
                + "hostgroup:\n"
                + "  web: [" + String.join(", ", hosts) + "]\n"
                + "  db: [" + hosts.get(2) + "]\n"
                + "service:\n"
                + "  web:\n"
                + "    hostgroups: [web]\n"
                + "    install_location: /tmp/adhoc-web\n"
                + "  db:\n"
                + "    hostgroups: [db]\n"
                + "    install_location: /tmp/adhoc-db\n"
                + ssh.clientConfigYaml();
        return Files.writeString(work.resolve("adhoc.yaml"), yaml);
    }

    @Test
    void runsOnEveryHostUnderTheLimitsAndPrintsEachHostsOutputAsOneBlock() throws Exception {
        Path marks = ssh.writableDir("adhoc-limits");
        Path journal = work.resolve("adhoc.journal");
        // Each host notes when its command ran (by the address it was reached at), so overlaps can be counted.
        String command = "a=$(echo $SSH_CONNECTION | cut -d' ' -f3); date +%s%N > " + marks + "/$a.start; sleep 1;"
                + " date +%s%N > " + marks + "/$a.end; echo hello from $a; echo second line";

        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "run", "--config", config().toString(),
                "--journal", journal.toString(), "--", command);

        assertThat(r.exitCode()).as(r.all()).isZero();
        for (OpenSshServers.Host h : ssh.hosts()) {
            assertThat(r.stdout()).as(r.all()).contains(h.remoteHost() + " | SUCCESS >>\nhello from " + h.address() + "\nsecond line\n");
        }
        assertThat(r.stdout()).contains("Run Ad-hoc command: SUCCEEDED").contains("(SUCCEEDED 3)").contains("journal: " + journal);
        assertThat(Files.readString(journal)).contains("\"event\":\"run_finished\",\"status\":\"SUCCEEDED\"");
        assertThat(maxOverlap(marks)).as("commands at once (deploy_concurrency 2, three hosts)").isEqualTo(2);
    }

    @Test
    void servicesAndHostgroupsSelectHostsAndAFailedHostIsReportedWithItsOutput() throws Exception {
        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "run", "--config", config().toString(),
                "--services", "db", "--", "echo about to fail; exit 3");

        String db = ssh.host(2).remoteHost();
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).as(r.all())
                .contains(db + " | FAILED | NON_ZERO_EXIT: 'echo about to fail; exit 3' failed with exit status 3 >>\nabout to fail\n")
                .contains("FAILED  1.1 execute_command on " + db)
                .doesNotContain(ssh.host(0).remoteHost() + " |", ssh.host(1).remoteHost() + " |");

        CliProcess.Result g = CliProcess.deploy(work.resolve("cli2"), "run", "--config", config().toString(),
                "--hostgroups", "db", "--", "echo in db");
        assertThat(g.exitCode()).as(g.all()).isZero();
        assertThat(g.stdout()).contains(db + " | SUCCESS >>\nin db\n").doesNotContain(ssh.host(0).remoteHost() + " |");
    }

    @Test
    void badSelectionsAndAMissingCommandAreUsageErrorsAndRunNothing() throws Exception {
        CliProcess.Result unknown = CliProcess.deploy(work.resolve("cli"), "run", "--config", config().toString(),
                "--services", "nope", "--", "true");
        assertThat(unknown.exitCode()).as(unknown.all()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("--services: unknown service 'nope'; known services: web, db").contains("nothing was run");

        CliProcess.Result noCommand = CliProcess.deploy(work.resolve("cli2"), "run", "--config", config().toString());
        assertThat(noCommand.exitCode()).isEqualTo(2);
        assertThat(noCommand.stderr()).contains("deploy run: no command: give it after --");
    }

    /** The most commands that ran at one instant, from their start and end marks. */
    private static int maxOverlap(Path marks) throws IOException {
        List<long[]> runs = new ArrayList<>();
        for (OpenSshServers.Host h : ssh.hosts()) {
            long start = Long.parseLong(Files.readString(marks.resolve(h.address() + ".start")).trim());
            long end = Long.parseLong(Files.readString(marks.resolve(h.address() + ".end")).trim());
            runs.add(new long[]{start, end});
        }
        int max = 0;
        for (long[] r : runs) {
            int at = (int) runs.stream().filter(o -> o[0] <= r[0] && r[0] < o[1]).count();
            max = Math.max(max, at);
        }
        return max;
    }
}
