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

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Hosts reachable only through a bastion, with real sshd on both sides. Two target hosts (127.0.0.2 and .3 on
 * port P) are fenced off with an iptables owner match: only processes of the login user may connect to them, and
 * on this machine the only such process that reaches them is the bastion's sshd session forwarding a direct-tcpip
 * channel; the test itself (root) is refused, which it checks first. Where iptables cannot be used, that check
 * is skipped and the path is proved by the bastion's sshd log (DEBUG1 logs each direct-tcpip request). The bastion sshd (two addresses on its own
 * port) may forward only to the targets and to its own second address ({@code PermitOpen}), so a chain of two
 * jump hosts is possible too.
 */
@Tag("sshd")
@Tag("iptables")
@Timeout(180)
class SshJumpHostTest {

    static OpenSshServers targets = OpenSshServers.hosts(2);
    static OpenSshServers bastion;
    static final List<List<String>> FIREWALL = new ArrayList<>();
    static boolean fenced;

    @TempDir
    static Path shared;
    @TempDir
    Path work;
    static Path knownHosts;

    @BeforeAll
    static void start() throws Exception {
        targets.start();
        int p = targets.host(0).port();
        // Bastion addresses start at 127.0.0.2 too, on another port; its second address is the chain's second hop.
        bastion = OpenSshServers.hosts(2).withConfig("LogLevel DEBUG1\nPermitOpen 127.0.0.2:" + p + " 127.0.0.3:" + p
                + " 127.0.0.3:*");
        bastion.start();
        for (OpenSshServers.Host h : targets.hosts()) {
            List<String> rule = List.of("OUTPUT", "-p", "tcp", "-d", h.address(), "--dport", Integer.toString(h.port()),
                    "-m", "owner", "!", "--uid-owner", targets.user(), "-j", "REJECT", "--reject-with", "tcp-reset");
            List<String> add = new ArrayList<>(List.of("iptables", "-I"));
            add.addAll(rule);
            try {
                run(add);
                FIREWALL.add(rule);
            } catch (IOException e) {
                // No iptables or no CAP_NET_ADMIN: the path through the bastion is then proved by its sshd log only.
                System.err.println("SshJumpHostTest: cannot fence the targets off (" + e.getMessage().strip()
                        + "); relying on the bastion's log of direct-tcpip requests");
                break;
            }
        }
        fenced = FIREWALL.size() == targets.hosts().size();
        knownHosts = shared.resolve("known_hosts");
        Files.writeString(knownHosts, Files.readString(targets.knownHosts()) + Files.readString(bastion.knownHosts()));
    }

    @AfterAll
    static void stop() throws Exception {
        for (List<String> rule : FIREWALL) {
            List<String> delete = new ArrayList<>(List.of("iptables", "-D"));
            delete.addAll(rule);
            run(delete);
        }
        FIREWALL.clear();
        if (bastion != null) {
            bastion.close();
        }
        targets.close();
    }

    private String jump(int bastionIndex) {
        return bastion.user() + "@" + bastion.host(bastionIndex).address() + ":" + bastion.host(bastionIndex).port();
    }

    private CliProcess.Result deploy(String sshYaml, Path knownHostsFile, List<Map<String, Object>> tasks) throws Exception {
        Path tasklist = SshPlans.tasklist(work.resolve("plan.json"), "behind a bastion", List.of(
                SshPlans.stage("First", 4, 2, tasks), SshPlans.stage("Second", 4, 2, tasks)));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), "user: " + targets.user() + "\n"
                + "ssh:\n"
                + "  identity_files: [" + targets.clientKey() + ", " + bastion.clientKey() + "]\n"
                + "  known_hosts: " + knownHostsFile + "\n"
                + "  strict_host_key_checking: yes\n"
                + sshYaml);
        return CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--tasklist", tasklist.toString());
    }

    private List<Map<String, Object>> twoTasksOnEachTarget() {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (OpenSshServers.Host h : targets.hosts()) {
            tasks.add(SshPlans.task(h.remoteHost(), "echo behind the bastion on " + h.address()));
            tasks.add(SshPlans.task(h.remoteHost(), "echo again on " + h.address()));
        }
        return tasks;
    }

    @Test
    void theTargetsCannotBeReachedDirectly() {
        assumeTrue(fenced, "iptables could not fence the targets off on this machine");
        for (OpenSshServers.Host h : targets.hosts()) {
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(h.address(), h.port()), 2000);
                }
            }).as("direct connection to %s", h.remoteHost()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void everyHostBehindTheBastionSharesOneConnectionToIt() throws Exception {
        int bastionConnectionsBefore = bastion.connections(0);
        int targetLoginsBefore = targets.logins(0);

        CliProcess.Result run = deploy("  proxy_jump: " + jump(0) + "\n", knownHosts, twoTasksOnEachTarget());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).contains("SUCCEEDED 8");
        assertThat(run.stderr()).contains("behind the bastion on 127.0.0.2", "behind the bastion on 127.0.0.3");
        assertThat(bastion.connections(0) - bastionConnectionsBefore).as("connections to the bastion").isEqualTo(1);
        assertThat(targets.logins(0) - targetLoginsBefore).as("one login per target host").isEqualTo(2);
        String bastionLog = bastion.log(0);
        for (OpenSshServers.Host h : targets.hosts()) {
            assertThat(bastionLog).containsPattern("server_request_direct_tcpip: .*target " + Pattern.quote(h.address()) + " port " + h.port() + "\\b");
        }
    }

    @Test
    void proxyJumpFromSshConfigWithAChainOfTwoJumpHosts() throws Exception {
        Path sshConfig = Files.writeString(work.resolve("ssh_config"), """
                Host app1
                  HostName %s
                  Port %d
                  ProxyJump %s,%s
                """.formatted(targets.host(0).address(), targets.host(0).port(), jump(0), jump(1)));
        int firstHop = bastion.connections(0);
        int secondHop = bastion.connections(1);

        CliProcess.Result run = deploy("  config_file: " + sshConfig + "\n", knownHosts,
                List.of(SshPlans.task("app1", "echo through two jump hosts")));

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stderr()).contains("through two jump hosts");
        assertThat(bastion.connections(0) - firstHop).isEqualTo(1);
        assertThat(bastion.connections(1) - secondHop).as("the second hop, reached through the first").isEqualTo(1);
    }

    @Test
    void theBastionsHostKeyIsCheckedToo() throws Exception {
        Path targetsOnly = Files.writeString(work.resolve("known_hosts_targets_only"), Files.readString(targets.knownHosts()));

        CliProcess.Result run = deploy("  proxy_jump: " + jump(0) + "\n", targetsOnly,
                List.of(SshPlans.task(targets.host(0).remoteHost(), "echo must not run")));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        // "] must not run": the command's own output line; the task's start line names its shell line, which says it too.
        assertThat(run.all()).contains("jump host", "host key of " + jump(0), "is not known").doesNotContain("] must not run\n");
    }

    @Test
    void theTargetsHostKeyIsCheckedThroughTheBastion() throws Exception {
        Path bastionOnly = Files.writeString(work.resolve("known_hosts_bastion_only"), Files.readString(bastion.knownHosts()));

        CliProcess.Result run = deploy("  proxy_jump: " + jump(0) + "\n", bastionOnly,
                List.of(SshPlans.task(targets.host(0).remoteHost(), "echo must not run")));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.all()).contains("host key of " + targets.user() + "@" + targets.host(0).remoteHost(), "is not known")
                .doesNotContain("] must not run\n");
    }

    @Test
    void aJumpHostThatWillNotForwardSaysSo() throws Exception {
        // PermitOpen on the bastion lists only the targets' port.
        String notPermitted = targets.host(1).address() + ":" + (targets.host(1).port() == 1 ? 2 : 1);

        CliProcess.Result run = deploy("  proxy_jump: " + jump(0) + "\n", knownHosts,
                List.of(SshPlans.task(notPermitted, "echo must not run")));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.all()).contains("UNREACHABLE", "jump host " + jump(0) + " could not open a connection to "
                + notPermitted, "PermitOpen");
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
