package deployer.core.internal.perf;

import com.hierynomus.sshj.userauth.keyprovider.OpenSSHKeyV1KeyFile;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.SSHRuntimeException;
import net.schmizz.sshj.signature.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ssh-ed25519 on BouncyCastle's math gives the JDK's signatures (Ed25519 is deterministic) and accepts exactly what
 * the JDK accepts, for the key objects sshj builds from OpenSSH key files and known_hosts lines.
 */
class Ed25519SignatureTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final Base64.Decoder B64 = Base64.getDecoder();

    @TempDir
    Path dir;

    @Test
    void rfc8032TestVector() throws Exception {
        // RFC 8032 §7.1, TEST 2: one-byte message 0x72.
        PrivateKey privateKey = jdkPrivate(HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
        PublicKey publicKey = jdkPublic(HEX.parseHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"));
        byte[] expected = HEX.parseHex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");

        assertThat(sign(privateKey, new byte[] {0x72})).isEqualTo(expected);
        assertThat(verify(publicKey, new byte[] {0x72}, envelope(expected))).isTrue();
    }

    @Test
    void signsAsTheJdkAndEachVerifiesTheOther() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        // A new key each round: the cached public key of the previous one must not be used.
        for (int i = 0; i < 10; i++) {
            KeyPair pair = generator.generateKeyPair();
            byte[] message = ("session id and user-auth request " + i).getBytes(StandardCharsets.UTF_8);

            byte[] ours = sign(pair.getPrivate(), message);
            java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
            jdk.initSign(pair.getPrivate());
            jdk.update(message);
            byte[] theirs = jdk.sign();
            assertThat(ours).isEqualTo(theirs);
            // Again with the same key object: its public key now comes from the cache.
            assertThat(sign(pair.getPrivate(), message)).isEqualTo(theirs);

            jdk.initVerify(pair.getPublic());
            jdk.update(message);
            assertThat(jdk.verify(ours)).isTrue();
            assertThat(verify(pair.getPublic(), message, envelope(theirs))).isTrue();
        }
    }

    @Test
    void refusesATamperedMessageSignatureOrKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        KeyPair pair = generator.generateKeyPair();
        byte[] message = "exchange hash".getBytes(StandardCharsets.UTF_8);
        byte[] signature = sign(pair.getPrivate(), message);

        byte[] otherMessage = message.clone();
        otherMessage[0] ^= 1;
        assertThat(verify(pair.getPublic(), otherMessage, envelope(signature))).isFalse();
        for (int bit : new int[] {0, 8 * 31 + 7, 8 * 32, 8 * 63 + 7}) {
            byte[] flipped = signature.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(verify(pair.getPublic(), message, envelope(flipped))).as("bit %d", bit).isFalse();
        }
        assertThat(verify(generator.generateKeyPair().getPublic(), message, envelope(signature))).isFalse();
        // Truncated or padded: not a signature at all.
        assertThat(verify(pair.getPublic(), message, envelope(Arrays.copyOf(signature, 63)))).isFalse();
        assertThat(verify(pair.getPublic(), message, envelope(Arrays.copyOf(signature, 65)))).isFalse();
    }

    @Test
    void refusesASignatureOfAnotherAlgorithm() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] signature = sign(pair.getPrivate(), new byte[1]);
        byte[] wrongName = new Buffer.PlainBuffer().putString("ssh-rsa").putBytes(signature).getCompactData();
        assertThatThrownBy(() -> verify(pair.getPublic(), new byte[1], wrongName))
                .isInstanceOf(SSHRuntimeException.class)
                .hasMessageContaining("Expected 'ssh-ed25519' key algorithm, but got: ssh-rsa");
    }

    @Test
    void readsTheKeysSshjBuildsFromOpenSshFiles() throws Exception {
        Path key = dir.resolve("id_ed25519");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", key.toString())
                .redirectErrorStream(true).start();
        assertThat(keygen.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(keygen.exitValue()).isZero();

        OpenSSHKeyV1KeyFile file = new OpenSSHKeyV1KeyFile();
        file.init(key.toFile());
        // As known_hosts and the server's KEXDH reply give it: the key blob of the .pub line.
        String[] pub = Files.readString(Path.of(key + ".pub")).trim().split(" ");
        PublicKey fromBlob = new Buffer.PlainBuffer(B64.decode(pub[1])).readPublicKey();
        assertThat(KeyType.fromKey(fromBlob)).isEqualTo(KeyType.ED25519);

        assertThat(Ed25519Signature.rawPrivate(file.getPrivate())).hasSize(32);
        assertThat(Ed25519Signature.rawPublic(fromBlob)).hasSize(32);
        assertThat(Ed25519Signature.rawPublic(file.getPublic())).isEqualTo(Ed25519Signature.rawPublic(fromBlob));

        byte[] message = "user-auth".getBytes(StandardCharsets.UTF_8);
        byte[] signature = sign(file.getPrivate(), message);
        assertThat(verify(fromBlob, message, envelope(signature))).isTrue();
        java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
        jdk.initVerify(fromBlob);
        jdk.update(message);
        assertThat(jdk.verify(signature)).isTrue();
    }

    @Test
    void leavesKeysItCannotReadToTheJdk() throws Exception {
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        assertThat(Ed25519Signature.rawPublic(rsa.getPublic())).isNull();
        assertThat(Ed25519Signature.rawPrivate(rsa.getPrivate())).isNull();
        // The JDK's Ed448 keys are EdEC keys too, of another curve.
        KeyPair ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
        assertThat(Ed25519Signature.rawPublic(ed448.getPublic())).isNull();
        assertThat(Ed25519Signature.rawPrivate(ed448.getPrivate())).isNull();
        // Through the JDK-based fallback, which refuses an RSA key as sshj's SignatureEdDSA does.
        Signature signature = new Ed25519Signature();
        assertThatThrownBy(() -> signature.initSign(rsa.getPrivate())).isInstanceOf(SSHRuntimeException.class);
    }

    private static byte[] sign(PrivateKey key, byte[] message) {
        Signature signature = new Ed25519Signature();
        signature.initSign(key);
        // sshj may feed the data in pieces.
        signature.update(message, 0, message.length / 2);
        signature.update(message, message.length / 2, message.length - message.length / 2);
        return signature.encode(signature.sign());
    }

    private static boolean verify(PublicKey key, byte[] message, byte[] envelope) {
        Signature signature = new Ed25519Signature();
        signature.initVerify(key);
        signature.update(message);
        return signature.verify(envelope);
    }

    /** What the server sends: {@code string "ssh-ed25519", string signature}. */
    private static byte[] envelope(byte[] signature) {
        return new Buffer.PlainBuffer().putString("ssh-ed25519").putBytes(signature).getCompactData();
    }

    private static PrivateKey jdkPrivate(byte[] seed) throws Exception {
        byte[] der = concat(B64.decode("MC4CAQAwBQYDK2VwBCIEIA=="), seed);
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static PublicKey jdkPublic(byte[] raw) throws Exception {
        byte[] der = concat(B64.decode("MCowBQYDK2VwAyEA"), raw);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
