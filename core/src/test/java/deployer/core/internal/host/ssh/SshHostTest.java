package deployer.core.internal.host.ssh;

import deployer.core.model.HostAddress;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import deployer.core.testing.EmbeddedSshd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SshHost} against a real SSH server (embedded MINA sshd running real /bin/sh commands). */
@Timeout(60)
class SshHostTest {

    @TempDir
    static Path keys;
    static EmbeddedSshd sshd;

    @TempDir
    Path work;
    SshHost host;

    @BeforeAll
    static void startServer() throws Exception {
        sshd = EmbeddedSshd.start(keys);
    }

    @AfterAll
    static void stopServer() throws Exception {
        sshd.close();
    }

    @BeforeEach
    void connectorForTheServer() throws Exception {
        Path knownHosts = sshd.writeKnownHosts(work.resolve("known_hosts"));
        SshSettings settings = new SshSettings(EmbeddedSshd.USER, 22, List.of(sshd.clientKey()), knownHosts,
                StrictHostKeyChecking.YES, Duration.ofSeconds(5), Duration.ofSeconds(15), 10, null);
        host = new SshConnector(settings).create(HostAddress.parse(sshd.remoteHost()), null);
    }

    @AfterEach
    void closeHost() {
        host.close();
    }

    @Test
    void runsACommandAndStreamsItsOutputLineByLine() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        ExecResult result = host.execute("echo hello; echo world",
                ExecOptions.DEFAULT.withOutput((line, stderr) -> lines.add((stderr ? "err:" : "out:") + line)));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.exitStatus()).isZero();
        assertThat(result.stdout()).isEqualTo("hello\nworld\n");
        assertThat(lines).containsExactly("out:hello", "out:world");
    }

    @Test
    void reportsTheExitStatusOfAFailedCommand() throws Exception {
        ExecResult result = host.execute("exit 3", ExecOptions.DEFAULT);

        assertThat(result.exitStatus()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void keepsTheLastLinesOfStderrForTheFailureMessage() throws Exception {
        ExecResult result = host.execute("for i in $(seq 1 30); do echo err$i >&2; done; echo out; exit 1", ExecOptions.DEFAULT);

        assertThat(result.exitStatus()).isEqualTo(1);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderrTail()).hasSize(ExecOptions.STDERR_TAIL_LINES)
                .startsWith("err11").endsWith("err30");
    }

    @Test
    void runsWithAPseudoTerminalWhenAsked() throws Exception {
        ExecResult result = host.execute("echo with-pty", ExecOptions.DEFAULT.withPty(true));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.stdout()).contains("with-pty");
    }

    @Test
    void tenMegabytesOfOutputOnBothStreamsDoNotHangAndStdoutIsCapped() throws Exception {
        // 100,000 lines of 100 characters on stdout (10 MB) and 20,000 on stderr, written at the same time.
        String line = "x".repeat(99);
        AtomicLong stdoutLines = new AtomicLong();
        AtomicLong stderrLines = new AtomicLong();
        ExecResult result = host.execute("(yes " + line + " | head -n 100000) & (yes e | head -n 20000 >&2) & wait",
                ExecOptions.DEFAULT.withOutput((l, stderr) -> (stderr ? stderrLines : stdoutLines).incrementAndGet()));

        assertThat(result.succeeded()).isTrue();
        assertThat(stdoutLines.get()).isEqualTo(100_000);
        assertThat(stderrLines.get()).isEqualTo(20_000);
        assertThat(result.stdout().length()).isLessThanOrEqualTo(ExecOptions.MAX_CAPTURED_STDOUT).isGreaterThan(0);
        assertThat(result.stderrTail()).hasSize(ExecOptions.STDERR_TAIL_LINES);
    }

    @Test
    void killsAHungCommandAtItsTimeoutAndStaysUsable() throws Exception {
        int before = sshd.connections();
        assertThatThrownBy(() -> host.execute("sleep 30", ExecOptions.DEFAULT.withTimeout(Duration.ofSeconds(1))))
                .isInstanceOfSatisfying(HostException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.TIMEOUT);
                    assertThat(e.host()).isEqualTo(sshd.remoteHost());
                    assertThat(e.getMessage()).contains("timed out after 1 s", sshd.remoteHost(), "sleep 30");
                });

        assertThat(host.execute("echo still-here", ExecOptions.DEFAULT).stdout()).isEqualTo("still-here\n");
        assertThat(sshd.connections() - before).as("the same connection after the kill").isEqualTo(1);
    }

    @Test
    void connectsOnFirstUseAndSharesOneConnectionBetweenConcurrentCommands() throws Exception {
        int before = sshd.connections();
        int commands = 8;
        CountDownLatch ready = new CountDownLatch(commands);
        ExecutorService threads = Executors.newFixedThreadPool(commands);
        try {
            assertThat(sshd.connections()).as("no connection before first use").isEqualTo(before);
            List<Future<ExecResult>> results = new ArrayList<>();
            for (int i = 0; i < commands; i++) {
                int n = i;
                results.add(threads.submit(() -> {
                    ready.countDown();
                    ready.await();
                    return host.execute("echo command-" + n, ExecOptions.DEFAULT);
                }));
            }
            for (int i = 0; i < commands; i++) {
                assertThat(results.get(i).get().stdout()).isEqualTo("command-" + i + "\n");
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(sshd.connections() - before).isEqualTo(1);
    }

    @Test
    void theConnectionSendsSmallPacketsWithoutWaitingForAcks() throws Exception {
        host.execute("true", ExecOptions.DEFAULT);

        // With Nagle's algorithm on, every command on an open connection waited ~40 ms for the server's delayed
        // ACK (BENCHMARKS.md measures it); OpenSSH sets TCP_NODELAY as well.
        assertThat(host.client().getSocket().getTcpNoDelay()).as("TCP_NODELAY on the connection").isTrue();
    }

    @Test
    void uploadsOverwritesAndDownloadsFilesOverSftp() throws Exception {
        Path local = Files.writeString(work.resolve("app.conf"), "version=1\n");
        Path remoteDir = Files.createDirectory(work.resolve("remote"));
        String remote = remoteDir.resolve("app.conf").toString();

        assertThat(host.exists(remote)).isFalse();
        host.put(local, remote);
        assertThat(host.exists(remote)).isTrue();
        assertThat(Files.readString(Path.of(remote))).isEqualTo("version=1\n");

        Files.writeString(local, "version=2\n");
        host.put(local, remote);
        assertThat(Files.readString(Path.of(remote))).isEqualTo("version=2\n");
        assertThat(Files.list(remoteDir).map(p -> p.getFileName().toString()).toList())
                .as("no temporary file left behind").containsExactly("app.conf");

        Path back = work.resolve("back.conf");
        host.get(remote, back);
        assertThat(Files.readString(back, StandardCharsets.UTF_8)).isEqualTo("version=2\n");
    }

    @Test
    void uploadsIntoADirectoryUnderTheLocalName() throws Exception {
        Path local = Files.writeString(work.resolve("release.tar.gz"), "payload");
        Path remoteDir = Files.createDirectory(work.resolve("incoming"));

        host.put(local, remoteDir.toString());

        assertThat(remoteDir.resolve("release.tar.gz")).hasContent("payload");
    }

    @Test
    void aMissingRemoteFileIsACommandErrorNamingTheHost() {
        assertThatThrownBy(() -> host.get(work.resolve("absent").toString(), work.resolve("x")))
                .isInstanceOfSatisfying(HostException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.COMMAND_ERROR);
                    assertThat(e.getMessage()).contains(sshd.remoteHost(), "absent");
                });
    }

    @Test
    void aClosedHostRefusesFurtherCommands() throws Exception {
        host.execute("true", ExecOptions.DEFAULT);
        host.close();

        assertThatThrownBy(() -> host.execute("true", ExecOptions.DEFAULT))
                .isInstanceOfSatisfying(HostException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.INTERRUPTED));
    }
}
