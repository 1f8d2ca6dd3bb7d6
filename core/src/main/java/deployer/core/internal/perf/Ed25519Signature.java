package deployer.core.internal.perf;

import com.hierynomus.sshj.key.KeyAlgorithms;
import com.hierynomus.sshj.signature.SignatureEdDSA;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.SSHRuntimeException;
import net.schmizz.sshj.signature.Signature;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.io.ByteArrayOutputStream;
import java.lang.ref.WeakReference;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * ssh-ed25519 for sshj (host key signatures and user-auth signatures) with BouncyCastle's Ed25519 arithmetic
 * ({@link Ed25519}, constant-time when signing) used directly instead of the JDK's EdDSA, which under C1 costs
 * several times more per connection (why, as measured, and its switch: {@link Curve25519Kex}). Same wire format as sshj's
 * {@code SignatureEdDSA}: the raw 64-byte signature, in a {@code string "ssh-ed25519", string blob} envelope.
 *
 * <p>sshj hands over the JDK's own key objects: its OpenSSH key file and known_hosts readers build them with the
 * JDK's "Ed25519" KeyFactory (EdECPublicKey / EdECPrivateKey). Public keys are read from their X.509 encoding (the
 * same for every provider); a private key that is not the JDK's (another provider's, a token's) goes to sshj's
 * JDK-based signature instead.
 */
public final class Ed25519Signature implements Signature {

    static final String NAME = "ssh-ed25519";

    /**
     * sshj's key algorithm of this key type (ssh-ed25519, or its certificate) with this signature instead, unless
     * {@link PerfSwitch#CURVE25519} is off (then sshj's, the JDK's EdDSA).
     */
    public static KeyAlgorithms.Factory keyAlgorithm(KeyType type) {
        return new KeyAlgorithms.Factory(type.toString(), FACTORY, type);
    }

    private static final Factory.Named<Signature> FACTORY = new Factory.Named<>() {
        @Override
        public Signature create() {
            return PerfSwitch.CURVE25519.on() ? new Ed25519Signature() : new SignatureEdDSA.Factory().create();
        }

        @Override
        public String getName() {
            return NAME;
        }
    };

    /** SubjectPublicKeyInfo of an Ed25519 key (RFC 8410) up to the 32 key bytes, as sshj's Ed25519KeyFactory. */
    private static final byte[] X509_PREFIX = Base64.getDecoder().decode("MCowBQYDK2VwAyEA");

    /**
     * The public key of the private key that signed last, so that signing does not derive it again every connection
     * (a base-point multiplication): a run signs with the same key object (sshj's key provider keeps its key pair)
     * for every host. By identity, not equals (which would hash the secret); weakly held.
     */
    private static volatile Derived lastSigner;

    private record Derived(WeakReference<PrivateKey> privateKey, byte[] publicKey) {
    }

    private final ByteArrayOutputStream message = new ByteArrayOutputStream(256);
    private byte[] verifyKey;
    private byte[] signKey;
    private byte[] signPublic;
    private Signature fallback;

    Ed25519Signature() {
    }

    @Override
    public String getSignatureName() {
        return NAME;
    }

    @Override
    public void initVerify(PublicKey key) {
        reset();
        verifyKey = rawPublic(key);
        if (verifyKey == null) {
            fallback = new SignatureEdDSA.Factory().create();
            fallback.initVerify(key);
        }
    }

    @Override
    public void initSign(PrivateKey key) {
        reset();
        signKey = rawPrivate(key);
        if (signKey == null) {
            fallback = new SignatureEdDSA.Factory().create();
            fallback.initSign(key);
            return;
        }
        Derived last = lastSigner;
        if (last != null && last.privateKey().get() == key) {
            signPublic = last.publicKey();
        } else {
            signPublic = new byte[Ed25519.PUBLIC_KEY_SIZE];
            Ed25519.generatePublicKey(signKey, 0, signPublic, 0);
            lastSigner = new Derived(new WeakReference<>(key), signPublic);
        }
    }

    @Override
    public void update(byte[] data) {
        update(data, 0, data.length);
    }

    @Override
    public void update(byte[] data, int off, int len) {
        if (fallback != null) {
            fallback.update(data, off, len);
        } else {
            message.write(data, off, len);
        }
    }

    @Override
    public byte[] sign() {
        if (fallback != null) {
            return fallback.sign();
        }
        if (signKey == null) {
            throw new SSHRuntimeException("ssh-ed25519: not initialised for signing");
        }
        byte[] m = message.toByteArray();
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(signKey, 0, signPublic, 0, m, 0, m.length, signature, 0);
        message.reset();
        return signature;
    }

    @Override
    public byte[] encode(byte[] signature) {
        return signature;
    }

    @Override
    public boolean verify(byte[] sig) {
        if (fallback != null) {
            return fallback.verify(sig);
        }
        if (verifyKey == null) {
            throw new SSHRuntimeException("ssh-ed25519: not initialised for verifying");
        }
        byte[] blob = blob(sig);
        byte[] m = message.toByteArray();
        message.reset();
        return blob.length == Ed25519.SIGNATURE_SIZE && Ed25519.verify(blob, 0, verifyKey, 0, m, 0, m.length);
    }

    /** The signature out of its {@code string "ssh-ed25519", string blob} envelope, as sshj's extractSig. */
    private static byte[] blob(byte[] sig) {
        Buffer.PlainBuffer buffer = new Buffer.PlainBuffer(sig);
        try {
            String algorithm = buffer.readString();
            if (!NAME.equals(algorithm)) {
                throw new SSHRuntimeException("Expected '" + NAME + "' key algorithm, but got: " + algorithm);
            }
            return buffer.readBytes();
        } catch (Buffer.BufferException e) {
            throw new SSHRuntimeException(e);
        }
    }

    private void reset() {
        message.reset();
        if (signKey != null) {
            Arrays.fill(signKey, (byte) 0);
        }
        verifyKey = null;
        signKey = null;
        signPublic = null;
        fallback = null;
    }

    /** The 32 bytes of an Ed25519 public key in the X.509 encoding every provider gives, or null. */
    static byte[] rawPublic(PublicKey key) {
        if (key == null || !"X.509".equals(key.getFormat())) {
            return null;
        }
        byte[] encoded = key.getEncoded();
        if (encoded == null || encoded.length != X509_PREFIX.length + Ed25519.PUBLIC_KEY_SIZE
                || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            return null;
        }
        return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
    }

    /** The 32-byte seed of the JDK's Ed25519 private key (what sshj's key file readers build), or null. */
    static byte[] rawPrivate(PrivateKey key) {
        if (key instanceof EdECPrivateKey ed && "Ed25519".equals(ed.getParams().getName())) {
            return ed.getBytes().filter(b -> b.length == Ed25519.SECRET_KEY_SIZE).orElse(null);
        }
        return null;
    }
}
