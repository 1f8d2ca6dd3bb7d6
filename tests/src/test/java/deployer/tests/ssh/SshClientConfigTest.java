package deployer.tests.ssh;

import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployer honours an OpenSSH client config as ssh does, against a real sshd: host aliases, precedence of the
 * task, the deployer config and ssh_config, a warning for what it cannot apply, and errors by file:line. The
 * ssh_config is a temporary file named by {@code ssh.config_file}; the machine's own is never read.
 */
@Tag("sshd")
@Timeout(120)
class SshClientConfigTest {

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(2);

    @TempDir
    Path work;

    private Path sshConfig(String text) throws Exception {
        return Files.writeString(work.resolve("ssh_config"), text);
    }

    /** ssh_config entries for the two test hosts under the aliases web1 and web2; extra lines go into web1's block. */
    private String aliases(String userLine, String extraWeb1) {
        return """
                Host web1
                  HostName %s
                %s
                Host web2
                  HostName %s
                Host web*
                  Port %d
                %s
                  IdentityFile %s
                  UserKnownHostsFile %s
                """.formatted(ssh.host(0).address(), extraWeb1, ssh.host(1).address(), ssh.host(0).port(),
                userLine, ssh.clientKey(), ssh.knownHosts());
    }

    private CliProcess.Result deploy(String configYaml, List<Map<String, Object>> tasks) throws Exception {
        Path tasklist = SshPlans.tasklist(work.resolve("plan.json"), "ssh_config",
                List.of(SshPlans.stage("Hosts", 2, 1, tasks)));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), configYaml);
        return CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--tasklist", tasklist.toString());
    }

    @Test
    void hostAliasesAreReachedAsSshConfigSays() throws Exception {
        Path file = sshConfig(aliases("  User " + ssh.user(), ""));
        int loginsBefore = ssh.logins(0);

        CliProcess.Result run = deploy("ssh:\n  config_file: " + file + "\n", List.of(
                SshPlans.task("web1", "echo on web1 as $(id -un)"), SshPlans.task("web2", "echo on web2 as $(id -un)")));

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stderr()).contains("on web1 as " + ssh.user(), "on web2 as " + ssh.user());
        assertThat(ssh.logins(0) - loginsBefore).as("one login per host").isEqualTo(2);
    }

    @Test
    void theDeployerConfigWinsOverSshConfigAndTheTaskWinsOverBoth() throws Exception {
        Path file = sshConfig(aliases("  User no-such-user-from-ssh-config", ""));
        String config = "user: " + ssh.user() + "\nssh:\n  config_file: " + file + "\n";

        CliProcess.Result configWins = deploy(config, List.of(SshPlans.task("web1", "echo as $(id -un)")));
        assertThat(configWins.exitCode()).as(configWins.all()).isZero();
        assertThat(configWins.stderr()).contains("as " + ssh.user());

        Map<String, Object> ownUser = SshPlans.task("web1", "echo never");
        ownUser.put("remote_user", "no-such-user-from-task");
        CliProcess.Result taskWins = deploy(config, List.of(ownUser));
        assertThat(taskWins.exitCode()).as(taskWins.all()).isEqualTo(1);
        assertThat(taskWins.all()).contains("AUTHENTICATION", "for user 'no-such-user-from-task'").doesNotContain("] never\n"); // the output line, not the start line naming "echo never"
    }

    @Test
    void unsupportedDirectivesAreReportedOnceByFileAndLine() throws Exception {
        // ProxyCommand is on line 3 of the file; both hosts match the block, the warning comes once.
        Path file = sshConfig(aliases("  User " + ssh.user(), "  ProxyCommand nc %h %p").replace("Host web1\n", "Host web1 web2\n"));
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(2)).contains("ProxyCommand");

        CliProcess.Result run = deploy("ssh:\n  config_file: " + file + "\n", List.of(
                SshPlans.task("web1", "echo one"), SshPlans.task("web2", "echo two")));

        assertThat(run.exitCode()).as(run.all()).isZero();
        String warning = file + ":3: 'proxycommand' is not supported";
        assertThat(run.stderr()).contains(warning);
        assertThat(run.stderr().split(java.util.regex.Pattern.quote(warning), -1)).hasSize(2);
    }

    @Test
    void aBadSshConfigLineStopsTheRunBeforeAnythingStarts() throws Exception {
        Path file = sshConfig("Host web1\n  HostName " + ssh.host(0).address() + "\n  Port twenty-two\n");
        Path marker = ssh.writableDir("bad-config").resolve("ran");

        CliProcess.Result run = deploy("user: " + ssh.user() + "\nssh:\n  config_file: " + file + "\n",
                List.of(SshPlans.task("web1", "touch " + marker)));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.stderr()).contains(file + ":3", "Port must be a number from 1 to 65535, got 'twenty-two'");
        assertThat(marker).doesNotExist();
    }
}
