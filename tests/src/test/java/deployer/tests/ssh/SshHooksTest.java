package deployer.tests.ssh;

import deployer.tests.fixtures.DemoHosts;

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
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hooks on real OpenSSH hosts through the real deploy CLI: a service's {@code on: hosts} hooks run on each target
 * host over SSH, in order around the deploy, with the run's facts in their environment (a second deploy is told the
 * previous version); the local hooks run on the controller in between, in config order.
 */
@Tag("sshd")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SshHooksTest {

    static final String SERVICE = "demo-web";
    static final String FACTS = "$DEPLOY_HOOK|$DEPLOY_HOST|$DEPLOY_SERVICE|$DEPLOY_VERSION|$DEPLOY_PREVIOUS_VERSION|$DEPLOY_RESULT|$DEPLOY_RUN_ID|$(id -un)";

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(2);

    @TempDir
    Path work;

    @Test
    void hostHooksRunOverSshInOrderWithTheirEnvironment() throws Exception {
        Path root = ssh.writableDir("hooks-hosts");
        Path hostLog = root.resolve("host-hooks.log");
        Path localLog = work.resolve("local-hooks.log");
        List<String> hosts = ssh.hosts().stream().map(OpenSshServers.Host::remoteHost).toList();
        String yaml = "platform: tarball\n"
                + "hostgroup:\n"
                + "  web: [" + String.join(", ", hosts) + "]\n"
                + "service:\n"
                + "  " + SERVICE + ":\n"
                + "    hostgroups: [web]\n"
                + "    install_location: " + root + "/{hostname}\n"
                + "    stop_command: \"true\"\n"
                + "    start_command: \"true\"\n"
                + "    min_nodes_up: 0\n"
                + "    hooks:\n"
                + "      before_deploy:\n"
                + "        - {run: 'echo \"b1|" + FACTS + "\" >> " + localLog + "', on: local}\n"
                + "        - {run: 'echo \"b2|" + FACTS + "\" >> " + hostLog + "', on: hosts, timeout: 30}\n"
                + "      after_deploy:\n"
                + "        - {run: 'echo \"a1|" + FACTS + "\" >> " + hostLog + "', on: hosts}\n"
                + "        - {run: 'echo \"a2|" + FACTS + "\" >> " + localLog + "', on: local}\n"
                + ssh.clientConfigYaml();
        Path config = Files.writeString(work.resolve("ssh-hooks.yaml"), yaml);
        Path packages = CliProcess.projectRoot().resolve("conf/demo/packages");

        CliProcess.Result first = CliProcess.deploy(work.resolve("v1"), "--config", config.toString(), "--directory", packages.resolve("v1").toString());
        assertThat(first.exitCode()).as(first.all()).isZero();
        String run1 = runId(first);
        String user = ssh.user();
        List<String> hostLines = Files.readAllLines(hostLog);
        assertThat(hostLines).hasSize(4);
        // Both before_deploy lines come before both after_deploy lines; each host got its own name; the SSH user ran them.
        assertThat(hostLines.subList(0, 2)).containsExactlyInAnyOrder(
                "b2|before_deploy|" + hosts.get(0) + "|" + SERVICE + "|" + DemoHosts.V1 + "||succeeded|" + run1 + "|" + user,
                "b2|before_deploy|" + hosts.get(1) + "|" + SERVICE + "|" + DemoHosts.V1 + "||succeeded|" + run1 + "|" + user);
        assertThat(hostLines.subList(2, 4)).containsExactlyInAnyOrder(
                "a1|after_deploy|" + hosts.get(0) + "|" + SERVICE + "|" + DemoHosts.V1 + "||succeeded|" + run1 + "|" + user,
                "a1|after_deploy|" + hosts.get(1) + "|" + SERVICE + "|" + DemoHosts.V1 + "||succeeded|" + run1 + "|" + user);
        String me = System.getProperty("user.name");
        assertThat(Files.readAllLines(localLog)).containsExactly(
                "b1|before_deploy||" + SERVICE + "|" + DemoHosts.V1 + "||succeeded|" + run1 + "|" + me,
                "a2|after_deploy||" + SERVICE + "|" + DemoHosts.V1 + "||succeeded|" + run1 + "|" + me);

        // The next deploy is told the release each host had.
        CliProcess.Result second = CliProcess.deploy(work.resolve("v2"), "--config", config.toString(), "--directory", packages.resolve("v2").toString());
        assertThat(second.exitCode()).as(second.all()).isZero();
        String run2 = runId(second);
        List<String> secondLines = Files.readAllLines(hostLog).subList(4, 8);
        assertThat(secondLines).allMatch(l -> l.contains("|" + DemoHosts.V2 + "|" + DemoHosts.V1 + "|succeeded|" + run2 + "|"), "the v2 deploy's facts");
        assertThat(secondLines.stream().map(l -> l.substring(0, 2)).collect(Collectors.toList())).containsExactly("b2", "b2", "a1", "a1");
    }

    static String runId(CliProcess.Result r) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Run (\\S+): deploy by").matcher(r.stderr());
        assertThat(m.find()).as(r.stderr()).isTrue();
        return m.group(1);
    }
}
