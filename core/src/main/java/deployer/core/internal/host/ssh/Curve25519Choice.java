package deployer.core.internal.host.ssh;

import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which X25519/Ed25519 a new connection uses: the JDK's (sshj's own classes) or BouncyCastle's math
 * ({@link Curve25519Kex}, {@link Ed25519Signature}).
 *
 * <p>BouncyCastle's costs ~1.5 ms less CPU per connection under C1, but its first use costs ~0.15 s of CPU and
 * ~17 MiB, nearly all of it the JVM verifying bcprov's signed jar (an 800 KB manifest and signature file) as it
 * loads the first class from it; its tables take ~8 ms more (BENCHMARKS.md, "X25519 and Ed25519 on BouncyCastle's
 * math"). That pays from ~100 connections on. So connections use the JDK's until a background thread has loaded
 * BouncyCastle's classes and built their tables, which starts when the run's plan has
 * {@value #HOSTS_BEFORE_SWITCH} SSH hosts or more (told by the CLI as soon as it has read the plan, so that the
 * loading overlaps validation), or else once a process has opened {@value #HOSTS_BEFORE_SWITCH} connections (a
 * library user, reconnects). Either gives the same bytes on the wire.
 *
 * <p>The system property {@value #PROPERTY} ({@code auto}, the default; {@code bouncycastle}; {@code jdk}) fixes the
 * choice, read at every connection. bin/deploy sets {@code bouncycastle}: the jars it runs are BouncyCastle's without
 * their signature (core's pom), whose classes cost no more to load than the JDK's and sit in the class-data archive,
 * so BouncyCastle's math pays from the first connection (BENCHMARKS.md, "Fourth pass"). Tests set it to
 * exercise one, and it serves for measuring.
 */
public final class Curve25519Choice {

    public static final String PROPERTY = "deployer.ssh.curve25519";
    static final int HOSTS_BEFORE_SWITCH = 100;

    private static final Logger LOG = LoggerFactory.getLogger(Curve25519Choice.class);
    private static final AtomicInteger KEY_EXCHANGES = new AtomicInteger();
    private static final AtomicBoolean SWITCHING = new AtomicBoolean();
    private static volatile boolean ready;

    private Curve25519Choice() {
    }

    /**
     * The run's plan has this many SSH hosts (before it connects to any): BouncyCastle's tables start building if
     * its math is to be used, fixed or because there are many hosts.
     */
    public static void expectHosts(int sshHosts) {
        String mode = mode();
        if (sshHosts > 0 && "bouncycastle".equals(mode) || sshHosts >= HOSTS_BEFORE_SWITCH && "auto".equals(mode)) {
            switchInBackground();
        }
    }

    /** A connection starts its key exchange: whether it uses BouncyCastle's X25519 (and counts it). */
    static boolean forKeyExchange() {
        return switch (mode()) {
            case "bouncycastle" -> true;
            case "jdk" -> false;
            default -> {
                if (!ready && KEY_EXCHANGES.incrementAndGet() >= HOSTS_BEFORE_SWITCH) {
                    switchInBackground();
                }
                yield ready;
            }
        };
    }

    /** A signature (host key or user auth) is made or checked: whether with BouncyCastle's Ed25519. */
    static boolean forSignature() {
        return switch (mode()) {
            case "bouncycastle" -> true;
            case "jdk" -> false;
            default -> ready;
        };
    }

    private static String mode() {
        return System.getProperty(PROPERTY, "auto").toLowerCase(Locale.ROOT);
    }

    private static void switchInBackground() {
        if (!SWITCHING.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            long start = System.nanoTime();
            // Loads the classes (verifying the jar) and builds the base-point tables X25519 and Ed25519 share.
            Ed25519.precompute();
            X25519.precompute();
            ready = true;
            LOG.debug("X25519/Ed25519 on BouncyCastle's math from now on ({} key exchanges before; loaded in {} ms)",
                    KEY_EXCHANGES.get(), (System.nanoTime() - start) / 1_000_000);
        }, "curve25519-tables");
        t.setDaemon(true);
        t.start();
    }
}
