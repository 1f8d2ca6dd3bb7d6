package deployer.core.internal.host.ssh;

import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.ChachaPolyCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import com.hierynomus.sshj.key.KeyAlgorithm;
import com.hierynomus.sshj.key.KeyAlgorithms;
import deployer.core.internal.perf.Curve25519Kex;
import deployer.core.internal.perf.Ed25519Signature;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.transport.kex.KeyExchange;

import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * sshj's configuration, one per JVM, built on a background thread as soon as a run knows it has SSH hosts, so that
 * its cost overlaps config loading and validation instead of delaying the first connect.
 *
 * <p>Two choices make it cheap (measured in docs/benchmarks/notebook.md, "sshj's set-up: JDK
 * providers and a fixed cipher list"): the JDK's own providers instead of
 * registering BouncyCastle (sshj's default builds BouncyCastle's provider, ~0.4 s, and then runs every cipher
 * through it), and a fixed list of ciphers instead of {@link DefaultConfig}'s 33, each of which it instantiates to
 * see whether it works. ECDSA, RSA-SHA2 and AES-GCM/CTR come from the JDK (Java 17); curve25519-sha256 and
 * ssh-ed25519 from BouncyCastle's math classes used directly, without its provider ({@link Curve25519Kex}, a
 * measure of {@code deployer.core.internal.perf}, whose switch gives the JDK's). chacha20-poly1305@openssh.com needs BouncyCastle's
 * Poly1305: it is offered last, and BouncyCastle is added as a fallback provider only when a server picks it (one
 * that offers nothing else).
 */
final class SshClientConfig {

    private static volatile CompletableFuture<DefaultConfig> building;

    private SshClientConfig() {
    }

    /** Starts building the configuration in the background, if no one has yet; returns at once. */
    static void prepare() {
        future();
    }

    /** The configuration, waiting for the background build (or building it here if nothing started it). */
    static DefaultConfig get() {
        return future().join();
    }

    private static CompletableFuture<DefaultConfig> future() {
        CompletableFuture<DefaultConfig> f = building;
        if (f != null) {
            return f;
        }
        synchronized (SshClientConfig.class) {
            if (building == null) {
                CompletableFuture<DefaultConfig> started = new CompletableFuture<>();
                Thread t = new Thread(() -> {
                    try {
                        started.complete(build());
                    } catch (Throwable e) {
                        started.completeExceptionally(e);
                    }
                }, "ssh-config");
                t.setDaemon(true);
                t.start();
                building = started;
            }
            return building;
        }
    }

    private static DefaultConfig build() {
        // Before sshj's first use of SecurityUtils: once it has registered BouncyCastle, this is too late.
        SecurityUtils.setRegisterBouncyCastle(false);
        // Keepalives are not sshj's (a thread per connection): see Keepalives.
        return new LeanConfig();
    }

    /**
     * The ciphers OpenSSH 9 offers by default, AES first (hardware AES in the JDK), chacha20-poly1305 last; X25519
     * and Ed25519 on BouncyCastle's math (same names, same order as sshj's; see Curve25519Kex).
     */
    private static final class LeanConfig extends DefaultConfig {
        LeanConfig() {
            setLoggerFactory(new QuietHostKeyRefusal(getLoggerFactory()));
        }

        @Override
        protected void initKeyExchangeFactories() {
            super.initKeyExchangeFactories();
            setKeyExchangeFactories(getKeyExchangeFactories().stream()
                    .<Factory.Named<KeyExchange>>map(f -> switch (f.getName()) {
                        case Curve25519Kex.NAME, Curve25519Kex.LIBSSH_NAME -> new Curve25519Kex.Named(f);
                        default -> f;
                    })
                    .collect(Collectors.toCollection(ArrayList::new)));
        }

        @Override
        protected void initKeyAlgorithms() {
            super.initKeyAlgorithms();
            setKeyAlgorithms(getKeyAlgorithms().stream()
                    .<Factory.Named<KeyAlgorithm>>map(f -> f instanceof KeyAlgorithms.Factory k
                            && (k.getKeyType() == KeyType.ED25519 || k.getKeyType() == KeyType.ED25519_CERT)
                            ? Ed25519Signature.keyAlgorithm(k.getKeyType()) : f)
                    .collect(Collectors.toCollection(ArrayList::new)));
        }

        @Override
        protected void initCipherFactories() {
            setCipherFactories(List.<Factory.Named<Cipher>>of(
                    GcmCiphers.AES128GCM(), GcmCiphers.AES256GCM(),
                    BlockCiphers.AES128CTR(), BlockCiphers.AES192CTR(), BlockCiphers.AES256CTR(),
                    new ChachaOnDemand(),
                    // Old servers (OpenSSH < 6.2, network gear) may have only CBC.
                    BlockCiphers.AES128CBC(), BlockCiphers.AES192CBC(), BlockCiphers.AES256CBC()));
        }
    }

    /** chacha20-poly1305@openssh.com, adding BouncyCastle (for ChaCha7539 and Poly1305) the first time it is used. */
    private static final class ChachaOnDemand implements Factory.Named<Cipher> {
        private final Factory.Named<Cipher> delegate = ChachaPolyCiphers.CHACHA_POLY_OPENSSH();

        @Override
        public Cipher create() {
            addBouncyCastleLast();
            return delegate.create();
        }

        @Override
        public String getName() {
            return delegate.getName();
        }

        private static synchronized void addBouncyCastleLast() {
            if (Security.getProvider("BC") == null) {
                // Last in the list: the JDK's providers still serve everything they have. By name: BouncyCastle comes
                // with sshj (its key file readers use it) and is not a compile-time dependency of ours.
                try {
                    Provider bc = (Provider) Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider")
                            .getDeclaredConstructor().newInstance();
                    Security.addProvider(bc);
                } catch (ReflectiveOperationException | LinkageError e) {
                    throw new IllegalStateException("chacha20-poly1305@openssh.com needs BouncyCastle, which is missing", e);
                }
            }
        }
    }
}
