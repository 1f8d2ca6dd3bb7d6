package deployer.core.internal.host.ssh;

import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which X25519/Ed25519 a new connection uses: the JDK's (sshj's own classes) or BouncyCastle's math
 * ({@link Curve25519Kex}, {@link Ed25519Signature}).
 *
 * <p>BouncyCastle's costs ~1.5 ms less CPU per connection under C1, but its first use builds tables (~0.1 s of CPU,
 * 0.2 s of wall on a loaded machine) and loads more classes: a run of 1 or 10 hosts took ~0.15 s more CPU and
 * 17 MiB more memory with it, a run of 50 broke even (BENCHMARKS.md, "X25519 and Ed25519 on BouncyCastle's math").
 * So a run starts on the JDK's; when it opens its {@value #CONNECTIONS_BEFORE_TABLES}th connection, a background
 * thread builds BouncyCastle's tables, and the connections opened after they are ready use BouncyCastle's. Either
 * gives the same bytes on the wire.
 *
 * <p>The system property {@value #PROPERTY} ({@code auto}, the default; {@code bouncycastle}; {@code jdk}) fixes the
 * choice, read at every connection: for tests that must exercise one, and for measuring.
 */
public final class Curve25519Choice {

    public static final String PROPERTY = "deployer.ssh.curve25519";
    static final int CONNECTIONS_BEFORE_TABLES = 32;

    private static final AtomicInteger CONNECTIONS = new AtomicInteger();
    private static volatile boolean tablesReady;

    private Curve25519Choice() {
    }

    /** A connection starts its key exchange: whether it uses BouncyCastle's X25519 (and counts it). */
    static boolean forKeyExchange() {
        return switch (mode()) {
            case "bouncycastle" -> true;
            case "jdk" -> false;
            default -> {
                if (!tablesReady && CONNECTIONS.incrementAndGet() == CONNECTIONS_BEFORE_TABLES) {
                    buildTablesInBackground();
                }
                yield tablesReady;
            }
        };
    }

    /** A signature (host key or user auth) is made or checked: whether with BouncyCastle's Ed25519. */
    static boolean forSignature() {
        return switch (mode()) {
            case "bouncycastle" -> true;
            case "jdk" -> false;
            default -> tablesReady;
        };
    }

    private static String mode() {
        return System.getProperty(PROPERTY, "auto").toLowerCase(Locale.ROOT);
    }

    private static void buildTablesInBackground() {
        Thread t = new Thread(() -> {
            // Both share the Ed25519 base-point tables; X25519's own are small.
            Ed25519.precompute();
            X25519.precompute();
            tablesReady = true;
        }, "curve25519-tables");
        t.setDaemon(true);
        t.start();
    }
}
