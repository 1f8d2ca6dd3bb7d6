package deployer.tests.ssh;

import deployer.core.internal.perf.PerfSwitch;
import deployer.core.internal.host.ssh.SshConnector;
import deployer.core.internal.host.ssh.SshHost;
import deployer.core.internal.host.ssh.SshSettings;
import deployer.core.internal.host.ssh.StrictHostKeyChecking;
import deployer.core.model.HostAddress;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client runs on the JDK's crypto providers (BouncyCastle only on demand, for chacha20-poly1305), with X25519
 * and Ed25519 on BouncyCastle's math or, with its perf switch off, the JDK's (Curve25519Kex): each algorithm users
 * need still negotiates with real OpenSSH. Each server offers only the one algorithm under test (Ciphers, KexAlgorithms,
 * HostKeyAlgorithms, PubkeyAcceptedAlgorithms), so a connection that works used it. Host and client keys are
 * ed25519 (the fixture's) unless a case brings its own.
 */
@Tag("sshd")
@Timeout(60)
class SshAlgorithmsTest {

    @AfterEach
    void curve25519Default() {
        System.clearProperty(PerfSwitch.CURVE25519.property());
    }

    /** curve25519 and ed25519 run on BouncyCastle's math (on, the default) or the JDK's (off), as the third column says. */
    @ParameterizedTest(name = "{0}, {1}, deployer.perf.curve25519={2}")
    @CsvSource({
            "chacha20-poly1305@openssh.com, curve25519-sha256,             on",
            "aes128-gcm@openssh.com,        curve25519-sha256@libssh.org,  on",
            "aes256-gcm@openssh.com,        ecdh-sha2-nistp256,            on",
            "aes128-ctr,                    curve25519-sha256,             on",
            "aes256-ctr,                    diffie-hellman-group14-sha256, on",
            "aes128-gcm@openssh.com,        curve25519-sha256,             off",
            "aes256-gcm@openssh.com,        curve25519-sha256@libssh.org,  off",
    })
    void negotiatesWithOpenSsh(String cipher, String kex, String curve25519) throws Exception {
        System.setProperty(PerfSwitch.CURVE25519.property(), curve25519);
        try (OpenSshServers ssh = OpenSshServers.hosts(1).withConfig("Ciphers " + cipher + "\nKexAlgorithms " + kex
                + "\nHostKeyAlgorithms ssh-ed25519\nPubkeyAcceptedAlgorithms ssh-ed25519").start()) {
            SshSettings settings = new SshSettings(ssh.user(), 22, List.of(ssh.clientKey()), ssh.knownHosts(),
                    StrictHostKeyChecking.YES, Duration.ofSeconds(20), Duration.ofSeconds(15), 10, null);
            try (SshHost host = new SshConnector(settings).create(HostAddress.parse(ssh.host(0).remoteHost()), null)) {
                assertThat(host.execute("echo ok", ExecOptions.DEFAULT).stdout()).isEqualTo("ok\n");
            }
            // sshd (LogLevel VERBOSE) does not log the cipher; its refusal would have failed the connect above.
            assertThat(ssh.logins(0)).isEqualTo(1);
        }
    }

    /**
     * RSA and ECDSA host and user keys still go through the JDK's signatures, next to BouncyCastle's X25519 key
     * exchange; an ed25519 host key is verified, and an ed25519 user key signs, after key exchanges that are not X25519.
     */
    @ParameterizedTest(name = "{0}, host {1}, user {2} ({3})")
    @CsvSource({
            "curve25519-sha256,            ecdsa-sha2-nistp256, rsa-sha2-512,        rsa",
            "curve25519-sha256@libssh.org, rsa-sha2-256,        ecdsa-sha2-nistp256, ecdsa",
            "ecdh-sha2-nistp256,           ssh-ed25519,         rsa-sha2-256,        rsa",
            "diffie-hellman-group14-sha256, rsa-sha2-512,       ssh-ed25519,         ed25519",
    })
    void otherHostAndUserKeys(String kex, String hostKeyAlgorithm, String userAlgorithm, String userKeyType,
                              @TempDir Path keys) throws Exception {
        String hostKeyType = hostKeyAlgorithm.startsWith("rsa") ? "rsa"
                : hostKeyAlgorithm.startsWith("ecdsa") ? "ecdsa" : "ed25519";
        Path hostKey = keygen(keys.resolve("host_" + hostKeyType), hostKeyType);
        Path userKey = keygen(keys.resolve("id_" + userKeyType), userKeyType);
        // The extra HostKey comes first; HostKeyAlgorithms makes sshd use it rather than the fixture's ed25519 key.
        try (OpenSshServers ssh = OpenSshServers.hosts(1).withConfig("HostKey " + hostKey + "\nKexAlgorithms " + kex
                + "\nHostKeyAlgorithms " + hostKeyAlgorithm + "\nPubkeyAcceptedAlgorithms " + userAlgorithm).start()) {
            ssh.authorize(Path.of(userKey + ".pub"));
            Path knownHosts = knownHosts(keys, ssh, hostKey);
            try (SshHost host = new SshConnector(settings(ssh, userKey, knownHosts))
                    .create(HostAddress.parse(ssh.host(0).remoteHost()), null)) {
                assertThat(host.execute("echo ok", ExecOptions.DEFAULT).stdout()).isEqualTo("ok\n");
            }
            // sshd logs the key type: "Accepted publickey for USER from … ssh2: RSA SHA256:…".
            assertThat(ssh.log(0)).containsPattern("Accepted publickey for " + ssh.user() + " .* "
                    + userKeyType.toUpperCase(Locale.ROOT) + " SHA256:");
        }
    }

    /** A host whose ed25519 key is not the one known_hosts has is refused before anything logs in. */
    @Test
    void anotherEd25519HostKeyIsRefused(@TempDir Path keys) throws Exception {
        Path stranger = keygen(keys.resolve("stranger"), "ed25519");
        try (OpenSshServers ssh = OpenSshServers.hosts(1).withConfig("KexAlgorithms curve25519-sha256"
                + "\nHostKeyAlgorithms ssh-ed25519").start()) {
            Path knownHosts = knownHosts(keys, ssh, stranger);
            SshConnector connector = new SshConnector(settings(ssh, ssh.clientKey(), knownHosts));
            assertThatThrownBy(() -> {
                try (SshHost host = connector.create(HostAddress.parse(ssh.host(0).remoteHost()), null)) {
                    host.execute("echo must not run", ExecOptions.DEFAULT);
                }
            }).isInstanceOfSatisfying(HostException.class,
                    e -> assertThat(e.reason()).isEqualTo(FailureReason.HOST_KEY_MISMATCH))
                    .hasMessageContaining("CHANGED");
            assertThat(ssh.logins(0)).isZero();
        }
    }

    private static SshSettings settings(OpenSshServers ssh, Path identity, Path knownHosts) {
        return new SshSettings(ssh.user(), 22, List.of(identity), knownHosts, StrictHostKeyChecking.YES,
                Duration.ofSeconds(20), Duration.ofSeconds(15), 10, null);
    }

    /** A known_hosts file that knows the server by the public key of {@code hostKey}. */
    private static Path knownHosts(Path dir, OpenSshServers ssh, Path hostKey) throws Exception {
        String[] typeAndKey = Files.readString(Path.of(hostKey + ".pub")).trim().split("\\s+");
        OpenSshServers.Host h = ssh.host(0);
        return Files.writeString(dir.resolve("known_hosts"),
                "[" + h.address() + "]:" + h.port() + " " + typeAndKey[0] + " " + typeAndKey[1] + "\n");
    }

    private static Path keygen(Path file, String type) throws Exception {
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "test", "-f", file.toString()));
        if (type.equals("rsa")) {
            command.addAll(List.of("-b", "2048"));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ssh-keygen -t " + type).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        return file;
    }
}
