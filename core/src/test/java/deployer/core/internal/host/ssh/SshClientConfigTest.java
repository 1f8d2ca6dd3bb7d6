package deployer.core.internal.host.ssh;

import com.hierynomus.sshj.key.KeyAlgorithm;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployer's sshj configuration offers the key exchanges and key algorithms sshj does, by the same names in the
 * same order (what a server sees does not change), with X25519 and Ed25519 on BouncyCastle's math.
 */
class SshClientConfigTest {

    @Test
    void sameKexAndKeyAlgorithmNamesInSshjsOrder() {
        DefaultConfig ours = SshClientConfig.get();
        DefaultConfig sshjs = new DefaultConfig();
        assertThat(Factory.Named.Util.getNames(ours.getKeyExchangeFactories()))
                .isEqualTo(Factory.Named.Util.getNames(sshjs.getKeyExchangeFactories()))
                .startsWith("curve25519-sha256", "curve25519-sha256@libssh.org");
        assertThat(Factory.Named.Util.getNames(ours.getKeyAlgorithms()))
                .isEqualTo(Factory.Named.Util.getNames(sshjs.getKeyAlgorithms()))
                .contains("ssh-ed25519", "ssh-ed25519-cert-v01@openssh.com");
    }

    @Test
    void curve25519AndEd25519AreOurs() {
        DefaultConfig config = SshClientConfig.get();
        for (String kex : List.of("curve25519-sha256", "curve25519-sha256@libssh.org")) {
            assertThat(Factory.Named.Util.create(config.getKeyExchangeFactories(), kex)).as(kex).isInstanceOf(Curve25519Kex.class);
        }
        for (String name : List.of("ssh-ed25519", "ssh-ed25519-cert-v01@openssh.com")) {
            KeyAlgorithm algorithm = Factory.Named.Util.create(config.getKeyAlgorithms(), name);
            assertThat(algorithm.newSignature()).as(name).isInstanceOf(Ed25519Signature.class);
            assertThat(algorithm.getKeyAlgorithm()).isEqualTo(name);
        }
        // The others stay sshj's (the JDK's).
        assertThat(Factory.Named.Util.create(config.getKeyExchangeFactories(), "ecdh-sha2-nistp256"))
                .isNotInstanceOf(Curve25519Kex.class);
        assertThat(Factory.Named.Util.create(config.getKeyAlgorithms(), "rsa-sha2-512").newSignature())
                .isNotInstanceOf(Ed25519Signature.class);
    }
}
