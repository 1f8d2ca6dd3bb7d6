package deployer.core.internal.perf;

import java.util.Locale;

/**
 * The one place the speed measures of this package read their off switches: the system property
 * {@code deployer.perf.<name>}, on unless it is {@code off} (e.g. {@code DEPLOYER_JAVA_OPTS=-Ddeployer.perf.curve25519=off}
 * to measure a run without one, or to rule it out when something misbehaves). Each measure's class javadoc says what
 * it saves, as measured in BENCHMARKS.md, "Self-contained release (issue 21)". The launcher's own measures have
 * environment variables instead (bin/launch.sh: {@code DEPLOYER_CDS=off}, {@code DEPLOYER_PERF_JVM_FLAGS=off}).
 */
public enum PerfSwitch {
    /** X25519 and Ed25519 on BouncyCastle's math ({@link Curve25519Kex}, {@link Ed25519Signature}); off: the JDK's. */
    CURVE25519("curve25519");

    private final String property;

    PerfSwitch(String name) {
        this.property = "deployer.perf." + name;
    }

    /** The system property that turns this measure off. */
    public String property() {
        return property;
    }

    /** Read at every use, so that a test or a library user may set it at any time. */
    public boolean on() {
        return !"off".equals(System.getProperty(property, "on").strip().toLowerCase(Locale.ROOT));
    }
}
