package deployer.core.internal.host.ssh;

import com.hierynomus.sshj.signature.SignatureEdDSA;
import deployer.core.internal.perf.Curve25519Kex;
import deployer.core.internal.perf.Ed25519Signature;
import deployer.core.internal.perf.PerfSwitch;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.transport.kex.Curve25519SHA256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployer's sshj configuration offers the key exchanges and key algorithms sshj does, by the same names in the
 * same order (what a server sees does not change); X25519 and Ed25519 are BouncyCastle's math unless
 * {@link PerfSwitch#CURVE25519} is off.
 */
class SshClientConfigTest {

    private static final List<String> CURVE25519_KEX = List.of("curve25519-sha256", "curve25519-sha256@libssh.org");
    private static final List<String> ED25519 = List.of("ssh-ed25519", "ssh-ed25519-cert-v01@openssh.com");

    @AfterEach
    void defaultAgain() {
        System.clearProperty(PerfSwitch.CURVE25519.property());
    }

    @Test
    void sameKexAndKeyAlgorithmNamesInSshjsOrder() {
        DefaultConfig ours = SshClientConfig.get();
        DefaultConfig sshjs = new DefaultConfig();
        assertThat(Factory.Named.Util.getNames(ours.getKeyExchangeFactories()))
                .isEqualTo(Factory.Named.Util.getNames(sshjs.getKeyExchangeFactories()))
                .startsWith(CURVE25519_KEX.toArray(String[]::new));
        assertThat(Factory.Named.Util.getNames(ours.getKeyAlgorithms()))
                .isEqualTo(Factory.Named.Util.getNames(sshjs.getKeyAlgorithms()))
                .containsAll(ED25519);
    }

    @Test
    void bouncyCastleByDefault() {
        DefaultConfig config = SshClientConfig.get();
        for (String kex : CURVE25519_KEX) {
            assertThat(Factory.Named.Util.create(config.getKeyExchangeFactories(), kex)).as(kex).isInstanceOf(Curve25519Kex.class);
        }
        for (String name : ED25519) {
            assertThat(Factory.Named.Util.create(config.getKeyAlgorithms(), name).newSignature()).as(name)
                    .isInstanceOf(Ed25519Signature.class);
        }
        // The others stay sshj's (the JDK's).
        assertThat(Factory.Named.Util.create(config.getKeyExchangeFactories(), "ecdh-sha2-nistp256"))
                .isNotInstanceOf(Curve25519Kex.class);
        assertThat(Factory.Named.Util.create(config.getKeyAlgorithms(), "rsa-sha2-512").newSignature())
                .isNotInstanceOf(Ed25519Signature.class);
    }

    @Test
    void theJdksWhenSwitchedOff() {
        System.setProperty(PerfSwitch.CURVE25519.property(), "off");
        DefaultConfig config = SshClientConfig.get();
        for (String kex : CURVE25519_KEX) {
            assertThat(Factory.Named.Util.create(config.getKeyExchangeFactories(), kex)).as(kex).isInstanceOf(Curve25519SHA256.class);
        }
        for (String name : ED25519) {
            assertThat(Factory.Named.Util.create(config.getKeyAlgorithms(), name).newSignature()).as(name)
                    .isInstanceOf(SignatureEdDSA.class);
        }
    }
}
