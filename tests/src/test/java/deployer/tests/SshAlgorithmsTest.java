package deployer.tests;

import deployer.core.internal.host.ssh.SshConnector;
import deployer.core.internal.host.ssh.SshHost;
import deployer.core.internal.host.ssh.SshSettings;
import deployer.core.internal.host.ssh.StrictHostKeyChecking;
import deployer.core.model.HostAddress;
import deployer.core.spi.ExecOptions;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client runs on the JDK's crypto providers (BouncyCastle only on demand, for chacha20-poly1305): each
 * algorithm users need still negotiates with real OpenSSH. Each server offers only the one algorithm under test
 * (Ciphers, KexAlgorithms, HostKeyAlgorithms), so a connection that works used it. Host and client keys are
 * ed25519 (the fixture's).
 */
@Timeout(60)
class SshAlgorithmsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "chacha20-poly1305@openssh.com, curve25519-sha256",
            "aes128-gcm@openssh.com,        curve25519-sha256@libssh.org",
            "aes256-gcm@openssh.com,        ecdh-sha2-nistp256",
            "aes128-ctr,                    curve25519-sha256",
            "aes256-ctr,                    diffie-hellman-group14-sha256",
    })
    void negotiatesWithOpenSsh(String cipher, String kex) throws Exception {
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
}
