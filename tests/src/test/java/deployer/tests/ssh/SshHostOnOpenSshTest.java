package deployer.tests.ssh;

import deployer.core.internal.host.ssh.SshHost;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.HostException;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SSH host against real OpenSSH (its sftp-server, its exit signals, its PTYs), below the CLI. */
@Tag("sshd")
@Timeout(60)
class SshHostOnOpenSshTest {

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(1);

    @TempDir
    Path local;
    SshHost host;

    @BeforeEach
    void host() {
        host = ssh.sshHost(0, ssh.knownHosts());
    }

    @AfterEach
    void close() {
        host.close();
    }

    /**
     * A known_hosts hashed as Debian's default HashKnownHosts leaves it (ssh-keygen -H), the host's entry after 300
     * others: the host is found, and a different key for it is refused as changed.
     */
    @Test
    void aHashedKnownHostsAmongManyEntriesKnowsTheHostAndRefusesAChangedKey() throws Exception {
        String hostEntry = Files.readString(ssh.knownHosts()).strip();
        String otherKey = Files.readString(Path.of(ssh.clientKey() + ".pub")).strip().split("\\s+", 3)[1];
        StringBuilder others = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            others.append("[10.9.").append(i / 250).append('.').append(i % 250).append("]:22 ssh-ed25519 ").append(otherKey).append('\n');
        }
        Path known = hashed(local.resolve("known_hosts"), others + hostEntry + "\n");
        assertThat(Files.readString(known)).startsWith("|1|").doesNotContain("127.0.0.");
        try (SshHost viaHashed = ssh.sshHost(0, known)) {
            assertThat(viaHashed.execute("echo known", ExecOptions.DEFAULT).stdout()).isEqualTo("known\n");
        }

        String hostPart = hostEntry.split("\\s+")[0];
        Path changed = hashed(local.resolve("known_hosts_changed"), others + hostPart + " ssh-ed25519 " + otherKey + "\n");
        try (SshHost viaChanged = ssh.sshHost(0, changed)) {
            assertThatThrownBy(() -> viaChanged.execute("true", ExecOptions.DEFAULT))
                    .isInstanceOf(HostException.class).hasMessageContaining("CHANGED");
        }
    }

    private static Path hashed(Path file, String lines) throws Exception {
        Files.writeString(file, lines);
        Process p = new ProcessBuilder("ssh-keygen", "-H", "-f", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return file;
    }

    @Test
    void filesGoUpAndComeBackThroughOpenSshsSftpServer() throws Exception {
        Path remoteDir = ssh.writableDir("sftp");
        String remote = remoteDir.resolve("app.conf").toString();
        Path file = Files.writeString(local.resolve("app.conf"), "one\n");

        assertThat(host.exists(remote)).isFalse();
        host.put(file, remote);
        Files.writeString(file, "two\n");
        host.put(file, remote);
        assertThat(host.exists(remote)).isTrue();
        host.get(remote, local.resolve("back.conf"));

        assertThat(local.resolve("back.conf")).hasContent("two");
        assertThat(Files.list(remoteDir).map(p -> p.getFileName().toString()).toList()).containsExactly("app.conf");
        assertThat(Files.getOwner(remoteDir.resolve("app.conf")).getName()).isEqualTo(ssh.user());
    }

    @Test
    void aCommandKilledByASignalHasNoExitStatusAndCountsAsFailed() throws Exception {
        ExecResult result = host.execute("echo before; kill -9 $$", ExecOptions.DEFAULT);

        assertThat(result.exitStatus()).isNull();
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stdout()).isEqualTo("before\n");
    }

    @Test
    void exitStatusAndStderrComeBackAsSent() throws Exception {
        ExecResult result = host.execute("echo out; echo oops >&2; exit 7", ExecOptions.DEFAULT);

        assertThat(result.exitStatus()).isEqualTo(7);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderrTail()).containsExactly("oops");
    }

    @Test
    void aPseudoTerminalIsATerminal() throws Exception {
        assertThat(host.execute("[ -t 1 ] && echo tty || echo no-tty", ExecOptions.DEFAULT.withPty(true)).stdout().trim())
                .isEqualTo("tty");
        assertThat(host.execute("[ -t 1 ] && echo tty || echo no-tty", ExecOptions.DEFAULT).stdout().trim())
                .isEqualTo("no-tty");
    }

    @Test
    void aCommandThatLeavesADaemonHoldingItsOutputEndsWhenItsOwnProcessExits() throws Exception {
        Path dir = ssh.writableDir("daemon");
        Path pidFile = dir.resolve("daemon.pid");
        // The background shell inherits stdout and stderr and never exits by itself: sshd sends neither EOF nor a
        // channel close. Before, the task waited for those until its timeout and failed TIMEOUT.
        String start = "echo started; sh -c 'echo $$ > " + pidFile + "; exec sleep 300' & echo done";
        try {
            ExecResult result = host.execute(start, ExecOptions.DEFAULT.withTimeout(Duration.ofSeconds(20)));

            assertThat(result.exitStatus()).isEqualTo(0);
            assertThat(result.stdout()).isEqualTo("started\ndone\n");
            // The daemon was left running: starting it was the point.
            assertThat(Files.readString(pidFile).trim()).matches("\\d+");
            assertThat(host.execute("kill -0 " + Files.readString(pidFile).trim() + " && echo alive", ExecOptions.DEFAULT)
                    .stdout()).isEqualTo("alive\n");
        } finally {
            if (Files.exists(pidFile)) {
                host.execute("kill " + Files.readString(pidFile).trim(), ExecOptions.DEFAULT);
            }
        }
    }
    @Test
    void aCommandWhoseWaitFailsIsEndedOnItsHostBeforeItsChannelCloses() throws Exception {
        Path dir = ssh.writableDir("wait-fails");
        Path pidFile = dir.resolve("group.pid");
        // Ignores TERM (as the aborted command of SshCtrlCTerminalTest does): only KILL ends it. The wait for it ends
        // with an exception that is not an interrupt (here its output's listener throws); before, the channel was
        // closed without a signal and the group was left running on the host.
        String line = "trap '' TERM; echo $$ > " + pidFile + "; sleep 300 & echo ready; sleep 300";
        ExecOptions failingListener = ExecOptions.DEFAULT.withOutput((text, stderr) -> {
            throw new IllegalStateException("listener failed on '" + text + "'");
        });
        long group = -1;
        try {
            assertThatThrownBy(() -> host.execute(line, failingListener))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("ready");
            group = Long.parseLong(Files.readString(pidFile).trim());

            assertThat(deployer.core.testing.Procs.inGroup(group)).as("left of the command's process group").isEmpty();
        } finally {
            if (group > 0 && !deployer.core.testing.Procs.inGroup(group).isEmpty()) {
                host.execute("kill -9 -" + group, ExecOptions.DEFAULT);
            }
        }
    }
}
