package deployer.tests.release;

import deployer.core.testing.CliProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The self-contained release ({@code deployer-<version>-linux-x64.tar.gz}) unpacked in a folder, and a PATH that has
 * every tool of this machine but {@code java} (and Maven), for the tests that run it. Skips the calling test, saying
 * why, where the build made no such release (no JDK 25 or later on the build machine).
 */
record SelfContainedRelease(Path install, Path tools, Path dir) {

    private static final Set<String> HIDDEN = Set.of("java", "javac", "jshell", "mvn");

    static SelfContainedRelease unpack(Path dir) throws IOException, InterruptedException {
        Path tarball = Path.of(System.getProperty("deployer.release.tarball").replaceFirst("\\.tar\\.gz$", "-linux-x64.tar.gz"));
        assumeTrue(Files.isRegularFile(tarball), "no self-contained release at " + tarball
                + ": the build machine has no JDK 25 or later (set JAVA25_HOME), so only the plain tarball was made");
        Path tools = Files.createDirectories(dir.resolve("tools"));
        for (String d : System.getenv("PATH").split(":")) {
            if (!Files.isDirectory(Path.of(d))) {
                continue;
            }
            try (Stream<Path> entries = Files.list(Path.of(d))) {
                for (Path tool : entries.toList()) {
                    Path link = tools.resolve(tool.getFileName().toString());
                    if (!HIDDEN.contains(link.getFileName().toString()) && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, tool);
                    }
                }
            }
        }
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", dir.toString()).inheritIO().start();
        assertThat(tar.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        Path install = dir.resolve(tarball.getFileName().toString().replaceFirst("\\.tar\\.gz$", ""));
        assertThat(install.resolve("runtime/bin/java")).isExecutable();
        assertThat(install.resolve("lib/deployer.aot")).isNotEmptyFile();
        return new SelfContainedRelease(install, tools, dir);
    }

    /** The tool links point outside the temporary folder; JUnit would warn about each when it cleans up. */
    void removeToolLinks() throws IOException {
        try (Stream<Path> links = Files.list(tools)) {
            for (Path link : links.toList()) {
                Files.delete(link);
            }
        }
    }

    /** Runs in a fresh directory outside the install, with the PATH of this machine's tools but java. */
    CliProcess.Result run(Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        Path cwd = Files.createTempDirectory(dir, "cwd");
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(cmd))).directory(cwd.toFile())
                .redirectOutput(cwd.resolve("cli.out").toFile()).redirectError(cwd.resolve("cli.err").toFile());
        pb.environment().clear();
        pb.environment().put("PATH", tools.toString());
        pb.environment().put("HOME", cwd.toString());
        pb.environment().putAll(env);
        return CliProcess.finish(pb.start(), cwd, Duration.ofMinutes(3));
    }
}
