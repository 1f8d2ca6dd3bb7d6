package deployer.core.internal.perf;

import com.hierynomus.sshj.userauth.certificate.Certificate;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.common.SSHRuntimeException;
import net.schmizz.sshj.signature.Signature;
import net.schmizz.sshj.transport.Transport;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.digest.SHA256;
import net.schmizz.sshj.transport.kex.KeyExchange;
import net.schmizz.sshj.transport.kex.KeyExchangeBase;
import org.bouncycastle.math.ec.rfc7748.X25519;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * curve25519-sha256 (RFC 8731) and its older name curve25519-sha256@libssh.org, as sshj's {@code Curve25519SHA256}
 * does it, with BouncyCastle's X25519 arithmetic ({@link X25519}, constant-time) used directly instead of the JDK's
 * XDH. BouncyCastle's provider is not registered; only its math classes are used.
 *
 * <p>Why: under C1 (bin/deploy's JIT, see its JVM flags) the JDK's pure-Java field arithmetic makes every
 * connection's key exchange and Ed25519 signature several times dearer. Measured (BENCHMARKS.md, "Self-contained
 * release (issue 21)"): 50 hosts × 1 command took 2.35 s of client CPU with it and 2.63 s without on the
 * self-contained release (JDK 25 + AOT cache), 2.50 vs 2.93 s on JDK 17 with its class-data archive (medians of 7
 * alternating runs on a loaded machine). It pays from the first connection only because the release ships
 * BouncyCastle's jars unsigned (core's pom, execution {@code perf-unsigned-bouncycastle}): a signed jar costs every
 * start ~0.15 s of CPU to verify and is never archived. Off: {@code -Ddeployer.perf.curve25519=off}
 * ({@link PerfSwitch#CURVE25519}), which gives sshj's own (the JDK's XDH and EdDSA); either gives the same bytes on
 * the wire. SshAlgorithmsTest negotiates both with real OpenSSH; ReleaseTarballTest checks the release's jars are
 * unsigned and that an SSH run uses this class.
 *
 * <p>The exchange is sshj's {@code AbstractDHG} unchanged: send our public key, receive the server's host key,
 * public key and signature, hash the transcript, verify the host key's signature of it, check a host certificate
 * as sshj does. As sshj (through the JDK) and OpenSSH, an all-zero shared secret (a small-order peer point) is
 * refused.
 */
public final class Curve25519Kex extends KeyExchangeBase {

    /**
     * sshj's factory of this name (curve25519-sha256 or @libssh.org; the algorithm is the same), making this class's
     * exchange instead unless {@link PerfSwitch#CURVE25519} is off (then sshj's, the JDK's XDH).
     */
    public static final class Named implements Factory.Named<KeyExchange> {
        private final Factory.Named<KeyExchange> sshjs;

        public Named(Factory.Named<KeyExchange> sshjs) {
            this.sshjs = sshjs;
        }

        @Override
        public KeyExchange create() {
            return PerfSwitch.CURVE25519.on() ? new Curve25519Kex() : sshjs.create();
        }

        @Override
        public String getName() {
            return sshjs.getName();
        }
    }

    public static final String NAME = "curve25519-sha256";
    public static final String LIBSSH_NAME = "curve25519-sha256@libssh.org";

    private final byte[] privateKey = new byte[X25519.SCALAR_SIZE];
    private final byte[] publicKey = new byte[X25519.POINT_SIZE];
    private BigInteger k; // the shared secret, K in RFC 4253

    private Curve25519Kex() {
        super(new SHA256());
    }

    @Override
    public void init(Transport trans, String serverVersion, String clientVersion, byte[] serverKexInit,
                     byte[] clientKexInit) throws GeneralSecurityException, TransportException {
        super.init(trans, serverVersion, clientVersion, serverKexInit, clientKexInit);
        digest.init();
        // sshj's random (the JDK's SecureRandom); X25519 clamps the scalar itself (RFC 7748 decodeScalar25519).
        trans.getConfig().getRandomFactory().create().fill(privateKey);
        X25519.scalarMultBase(privateKey, 0, publicKey, 0);
        trans.write(new SSHPacket(Message.KEXDH_INIT).putBytes(publicKey));
    }

    @Override
    public boolean next(Message msg, SSHPacket packet) throws GeneralSecurityException, TransportException {
        if (msg != Message.KEXDH_31) {
            throw new TransportException(DisconnectReason.KEY_EXCHANGE_FAILED, "Unexpected packet: " + msg);
        }
        final byte[] hostKeyBlob;
        final byte[] serverPublic;
        final byte[] signatureBlob;
        try {
            hostKeyBlob = packet.readBytes();
            serverPublic = packet.readBytes();
            signatureBlob = packet.readBytes();
            hostKey = new Buffer.PlainBuffer(hostKeyBlob).readPublicKey();
        } catch (Buffer.BufferException e) {
            throw new TransportException(e);
        }
        try {
            k = sharedSecret(privateKey, serverPublic);
        } finally {
            Arrays.fill(privateKey, (byte) 0);
        }

        Buffer.PlainBuffer transcript = initializedBuffer()
                .putString(hostKeyBlob)
                .putBytes(publicKey)
                .putBytes(serverPublic)
                .putMPInt(k);
        digest.update(transcript.array(), transcript.rpos(), transcript.available());
        H = digest.digest();

        Signature signature = trans.getHostKeyAlgorithm().newSignature();
        signature.initVerify(hostKey instanceof Certificate<?> certificate ? certificate.getKey() : hostKey);
        signature.update(H, 0, H.length);
        if (!signature.verify(signatureBlob)) {
            throw new TransportException(DisconnectReason.KEY_EXCHANGE_FAILED, "KeyExchange signature verification failed");
        }
        verifyCertificate(hostKeyBlob);
        return true;
    }

    /** K as sshj computes it: the 32 bytes X25519 gives, read as an unsigned big-endian number (RFC 8731 §3.1). */
    static BigInteger sharedSecret(byte[] privateKey, byte[] serverPublic) throws TransportException {
        if (serverPublic.length != X25519.POINT_SIZE) {
            throw new TransportException(DisconnectReason.KEY_EXCHANGE_FAILED,
                    "Server's X25519 public key has " + serverPublic.length + " bytes, expected " + X25519.POINT_SIZE);
        }
        byte[] secret = new byte[X25519.POINT_SIZE];
        try {
            // false: the result is all zeros, i.e. the server sent a point of small order (RFC 7748 §6.1).
            if (!X25519.calculateAgreement(privateKey, 0, serverPublic, 0, secret, 0)) {
                throw new TransportException(DisconnectReason.KEY_EXCHANGE_FAILED,
                        "Server's X25519 public key has small order (all-zero shared secret)");
            }
            return new BigInteger(1, secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** sshj's AbstractDHG.verifyCertificate: a host certificate must be valid for this host, when the config asks. */
    private void verifyCertificate(byte[] hostKeyBlob) throws TransportException {
        if (hostKey instanceof Certificate<?> certificate && trans.getConfig().isVerifyHostKeyCertificates()) {
            try {
                String error = KeyType.CertUtils.verifyHostCertificate(hostKeyBlob, certificate, trans.getRemoteHost());
                if (error != null) {
                    throw new TransportException(DisconnectReason.KEY_EXCHANGE_FAILED,
                            "KeyExchange certificate check failed: " + error);
                }
            } catch (Buffer.BufferException | SSHRuntimeException e) {
                throw new TransportException(DisconnectReason.KEY_EXCHANGE_FAILED, "KeyExchange certificate check failed", e);
            }
        }
    }

    @Override
    public BigInteger getK() {
        return k;
    }
}
