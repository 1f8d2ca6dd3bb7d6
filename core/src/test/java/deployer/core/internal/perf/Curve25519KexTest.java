package deployer.core.internal.perf;

import net.schmizz.sshj.transport.TransportException;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;

import javax.crypto.KeyAgreement;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key exchange's X25519 agrees with RFC 7748 and with the JDK's XDH, and refuses what sshj and OpenSSH refuse. */
class Curve25519KexTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc7748SharedSecret() throws Exception {
        // RFC 7748 §6.1: Alice's private key, Bob's public key, their shared secret.
        byte[] alicePrivate = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bobPublic = HEX.parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        BigInteger k = Curve25519Kex.sharedSecret(alicePrivate, bobPublic);
        // sshj (and OpenSSH) read X25519's 32 output bytes as an unsigned big-endian number.
        assertThat(k).isEqualTo(new BigInteger(1, HEX.parseHex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")));
    }

    @Test
    void agreesWithTheJdksXdhBothWays() throws Exception {
        SecureRandom random = new SecureRandom();
        KeyPairGenerator jdk = KeyPairGenerator.getInstance("X25519");
        KeyFactory factory = KeyFactory.getInstance("X25519");
        for (int i = 0; i < 20; i++) {
            KeyPair server = jdk.generateKeyPair();
            byte[] clientPrivate = new byte[32];
            random.nextBytes(clientPrivate);
            byte[] clientPublic = new byte[32];
            X25519.scalarMultBase(clientPrivate, 0, clientPublic, 0);

            BigInteger ours = Curve25519Kex.sharedSecret(clientPrivate, littleEndian(((XECPublicKey) server.getPublic()).getU()));

            // The server's side in the JDK: its private key with our public key.
            KeyAgreement serverSide = KeyAgreement.getInstance("X25519");
            serverSide.init(server.getPrivate());
            serverSide.doPhase(factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u(clientPublic))), true);
            assertThat(ours).isEqualTo(new BigInteger(1, serverSide.generateSecret()));

            // Our private key in the JDK, with the server's public key: what sshj's Curve25519DH computes.
            KeyAgreement clientSide = KeyAgreement.getInstance("X25519");
            clientSide.init(factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, clientPrivate)));
            clientSide.doPhase(server.getPublic(), true);
            assertThat(ours).isEqualTo(new BigInteger(1, clientSide.generateSecret()));
        }
    }

    @Test
    void refusesPointsOfSmallOrderAsAnAllZeroSecret() {
        byte[] clientPrivate = new byte[32];
        new SecureRandom().nextBytes(clientPrivate);
        // u = 0 and u = 1 (order 1 and 4), and p + 1 ≡ 1 (not reduced by the sender): each makes the result 0.
        for (String u : new String[] {
                "0000000000000000000000000000000000000000000000000000000000000000",
                "0100000000000000000000000000000000000000000000000000000000000000",
                "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"}) {
            assertThatThrownBy(() -> Curve25519Kex.sharedSecret(clientPrivate, HEX.parseHex(u)))
                    .as(u)
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("small order");
        }
    }

    @Test
    void refusesAPublicKeyOfTheWrongLength() {
        assertThatThrownBy(() -> Curve25519Kex.sharedSecret(new byte[32], new byte[31]))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("31 bytes, expected 32");
        assertThatThrownBy(() -> Curve25519Kex.sharedSecret(new byte[32], new byte[33]))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("33 bytes, expected 32");
    }

    /** RFC 7748 encodes u little-endian. */
    private static byte[] littleEndian(BigInteger u) {
        byte[] out = new byte[32];
        byte[] big = u.toByteArray();
        for (int i = 0; i < big.length && i < 32; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }

    private static BigInteger u(byte[] littleEndian) {
        byte[] big = new byte[32];
        for (int i = 0; i < 32; i++) {
            big[i] = littleEndian[31 - i];
        }
        return new BigInteger(1, big);
    }
}
