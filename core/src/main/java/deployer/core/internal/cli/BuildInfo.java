package deployer.core.internal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and git commit this build was made from, for {@code --version}. Both are written at build time
 * (core's pom.xml, {@code deployer/core/build.properties}); a build outside a git checkout says "unknown" for the
 * commit, and classes run without the build's resources (an IDE) say "unknown" for both.
 */
record BuildInfo(String version, String commit) {

    static final String RESOURCE = "/deployer/core/build.properties";

    static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new BuildInfo(known(p.getProperty("version")), known(p.getProperty("commit")));
    }

    /**
     * {@code deploy 0.1.0 (commit 1a2b3c4d5e6f) on Java 25.0.3+9-LTS (/opt/deployer/runtime)}: what {@code --version}
     * prints on stdout. The runtime is named because a release may bring its own (deployer-<version>-linux-x64).
     */
    String line(String script) {
        return script + " " + version + " (commit " + commit + ") on Java " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.home") + ")";
    }

    private static String known(String value) {
        return value == null || value.isBlank() ? "unknown" : value.strip();
    }
}
