package deployer.core.internal.host.ssh;

import deployer.core.model.HostAddress;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import deployer.core.testing.EmbeddedSshd;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each way an SSH host can fail, told apart by its reason and explained with the host's name. */
@Timeout(60)
class SshHostFailuresTest {

    @TempDir
    Path dir;
    EmbeddedSshd sshd;
    SshHost host;

    @BeforeEach
    void startServer() throws Exception {
        sshd = EmbeddedSshd.start(dir);
    }

    @AfterEach
    void stopServer() throws Exception {
        if (host != null) {
            host.close();
        }
        sshd.close();
    }

    private SshHost host(Path key, Path knownHosts, StrictHostKeyChecking policy) {
        return host(sshd.remoteHost(), key, knownHosts, policy);
    }

    private SshHost host(String remoteHost, Path key, Path knownHosts, StrictHostKeyChecking policy) {
        SshSettings settings = new SshSettings(EmbeddedSshd.USER, 22, List.of(key), knownHosts, policy,
                Duration.ofSeconds(5), Duration.ofSeconds(15), 10, null);
        host = new SshConnector(settings).create(HostAddress.parse(remoteHost), null);
        return host;
    }

    private static HostException failure(SshHost host) {
        try {
            host.execute("true", ExecOptions.DEFAULT);
        } catch (HostException e) {
            return e;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected " + host + " to fail");
    }

    @Test
    void aKeyTheServerRefusesIsAnAuthenticationFailure() throws Exception {
        Path otherKey = EmbeddedSshd.writePrivateKey(EmbeddedSshd.newKeyPair(), dir.resolve("other_key"));

        HostException e = failure(host(otherKey, sshd.writeKnownHosts(dir.resolve("known_hosts")), StrictHostKeyChecking.YES));

        assertThat(e.reason()).isEqualTo(FailureReason.AUTHENTICATION);
        assertThat(e.host()).isEqualTo(sshd.remoteHost());
        assertThat(e.getMessage()).contains(sshd.remoteHost(), "user '" + EmbeddedSshd.USER + "'")
                .doesNotContain("PRIVATE KEY");
    }

    @Test
    void aChangedHostKeyIsRefusedNamingTheHostAndBothFingerprints() throws Exception {
        KeyPair impostor = EmbeddedSshd.newKeyPair();
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"),
                EmbeddedSshd.knownHostsLine(sshd.host(), sshd.port(), impostor.getPublic()));

        HostException e = failure(host(sshd.clientKey(), knownHosts, StrictHostKeyChecking.YES));

        assertThat(e.reason()).isEqualTo(FailureReason.HOST_KEY_MISMATCH);
        assertThat(e.getMessage()).contains(sshd.remoteHost(), "CHANGED",
                KeyUtils.getFingerPrint(impostor.getPublic()), sshd.hostKeyFingerprint());
    }

    @Test
    void aChangedHostKeyIsRefusedEvenWhenUnknownKeysAreAccepted() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"),
                EmbeddedSshd.knownHostsLine(sshd.host(), sshd.port(), EmbeddedSshd.newKeyPair().getPublic()));

        assertThat(failure(host(sshd.clientKey(), knownHosts, StrictHostKeyChecking.NO)).reason())
                .isEqualTo(FailureReason.HOST_KEY_MISMATCH);
        host.close();
        assertThat(failure(host(sshd.clientKey(), knownHosts, StrictHostKeyChecking.ACCEPT_NEW)).reason())
                .isEqualTo(FailureReason.HOST_KEY_MISMATCH);
    }

    @Test
    void aKnownHostsLineIsFoundByWildcardAmongOthersHostsAndBrokenLines() throws Exception {
        String others = EmbeddedSshd.knownHostsLine("10.9.8.7", 22, EmbeddedSshd.newKeyPair().getPublic())
                + "# a comment\n\nnot-a-host-line\n"
                + EmbeddedSshd.knownHostsLine("other.example", sshd.port(), EmbeddedSshd.newKeyPair().getPublic());
        String byWildcard = EmbeddedSshd.knownHostsLine(sshd.host(), sshd.port(), sshd.hostKey())
                .replace(sshd.host(), sshd.host().replaceAll("\\d+$", "*"));
        assertThat(byWildcard).startsWith("[127.0.0.*]:");
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), others + byWildcard);

        assertThat(host(sshd.clientKey(), knownHosts, StrictHostKeyChecking.YES).execute("echo found", ExecOptions.DEFAULT).stdout())
                .isEqualTo("found\n");
    }

    @Test
    void aLineIsIndexedByTheHostsItNamesExactlyOrLeftToSshjWhenAnyHostMayMatch() {
        assertThat(KnownHosts.exactPatterns("[127.0.0.5]:2222 ssh-ed25519 AAAA")).containsExactly("[127.0.0.5]:2222");
        assertThat(KnownHosts.exactPatterns("Box.Example,10.0.0.1 ssh-rsa AAAA box.example")).containsExactly("box.example", "10.0.0.1");
        assertThat(KnownHosts.exactPatterns("# box.example")).isEmpty();
        assertThat(KnownHosts.exactPatterns("   ")).isEmpty();
        for (String anyHost : List.of("*.example ssh-rsa AAAA", "10.0.0.? ssh-rsa AAAA", "box,!bad ssh-rsa AAAA",
                "|1|c2FsdA==|aGFzaA== ssh-ed25519 AAAA", "@cert-authority *.example ssh-ed25519 AAAA", "  @revoked other ssh-ed25519 AAAA")) {
            assertThat(KnownHosts.exactPatterns(anyHost)).as(anyHost).isNull();
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedUnderStrictChecking() throws Exception {
        Path knownHosts = dir.resolve("known_hosts");

        HostException e = failure(host(sshd.clientKey(), knownHosts, StrictHostKeyChecking.YES));

        // Unknown is not changed: OpenSSH tells the two apart, and so do we (a changed key may be an attack).
        assertThat(e.reason()).isEqualTo(FailureReason.HOST_KEY_UNKNOWN);
        assertThat(e.getMessage()).contains(sshd.remoteHost(), "not known", sshd.hostKeyFingerprint(), "accept-new");
        assertThat(knownHosts).doesNotExist();
    }

    @Test
    void acceptNewRecordsTheKeyAndLaterRunsCheckAgainstIt() throws Exception {
        Path knownHosts = dir.resolve("ssh").resolve("known_hosts");

        assertThat(host(sshd.clientKey(), knownHosts, StrictHostKeyChecking.ACCEPT_NEW)
                .execute("echo first", ExecOptions.DEFAULT).succeeded()).isTrue();
        host.close();

        assertThat(knownHosts).content().isEqualTo(EmbeddedSshd.knownHostsLine(sshd.host(), sshd.port(), sshd.hostKey()));
        assertThat(host(sshd.clientKey(), knownHosts, StrictHostKeyChecking.YES)
                .execute("echo second", ExecOptions.DEFAULT).stdout()).isEqualTo("second\n");
    }

    @Test
    void noAcceptsAnUnknownKeyWithoutRecordingIt() throws Exception {
        Path knownHosts = dir.resolve("known_hosts");

        assertThat(host(sshd.clientKey(), knownHosts, StrictHostKeyChecking.NO)
                .execute("true", ExecOptions.DEFAULT).succeeded()).isTrue();
        assertThat(knownHosts).doesNotExist();
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        String remoteHost = "127.0.0.1:" + closedPort;

        HostException e = failure(host(remoteHost, sshd.clientKey(), dir.resolve("known_hosts"), StrictHostKeyChecking.YES));

        assertThat(e.reason()).isEqualTo(FailureReason.UNREACHABLE);
        assertThat(e.host()).isEqualTo(remoteHost);
        assertThat(e.getMessage()).contains(remoteHost, "connection refused");
    }

    @Test
    void anUnknownHostNameIsUnreachable() {
        HostException e = failure(host("no-such-host.invalid", sshd.clientKey(), dir.resolve("known_hosts"),
                StrictHostKeyChecking.YES));

        assertThat(e.reason()).isEqualTo(FailureReason.UNREACHABLE);
        assertThat(e.getMessage()).contains("no-such-host.invalid", "unknown host name");
    }

    @Test
    void aConnectionLostMidCommandIsUnreachable() throws Exception {
        SshHost h = host(sshd.clientKey(), sshd.writeKnownHosts(dir.resolve("known_hosts")), StrictHostKeyChecking.YES);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<HostException> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                h.execute("echo started; sleep 30", ExecOptions.DEFAULT.withOutput((line, err) -> started.countDown()));
                return null;
            } catch (HostException e) {
                return e;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(started.await(20, TimeUnit.SECONDS)).as("the command started").isTrue();

        sshd.close();

        HostException e = outcome.get(20, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(FailureReason.UNREACHABLE);
        assertThat(e.getMessage()).contains(sshd.remoteHost(), "lost", "sleep 30");
    }

    @Test
    void aFailedConnectIsNotRetriedForEveryTask() throws Exception {
        Path otherKey = EmbeddedSshd.writePrivateKey(EmbeddedSshd.newKeyPair(), dir.resolve("other_key"));
        SshHost h = host(otherKey, sshd.writeKnownHosts(dir.resolve("known_hosts")), StrictHostKeyChecking.YES);
        failure(h);
        int connections = sshd.connections();

        assertThatThrownBy(() -> h.exists("/"))
                .isInstanceOfSatisfying(HostException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.AUTHENTICATION);
                    assertThat(e.getMessage()).contains("failed earlier in this run");
                });
        assertThat(sshd.connections()).isEqualTo(connections);
    }

    @Test
    void aServerThatAcceptsButNeverAnswersIsATimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            String remoteHost = "127.0.0.1:" + silent.getLocalPort();
            SshSettings settings = new SshSettings(EmbeddedSshd.USER, 22, List.of(sshd.clientKey()), dir.resolve("known_hosts"),
                    StrictHostKeyChecking.YES, Duration.ofSeconds(1), Duration.ofSeconds(15), 10, null);
            host = new SshConnector(settings).create(HostAddress.parse(remoteHost), null);

            HostException e = failure(host);

            assertThat(e.reason()).isEqualTo(FailureReason.TIMEOUT);
            assertThat(e.getMessage()).contains(remoteHost, "no answer within 1 s");
        }
    }
}
