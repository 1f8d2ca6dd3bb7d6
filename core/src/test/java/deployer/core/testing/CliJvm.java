package deployer.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How a test starts a CLI's JVM the way bin/ does: the launcher script's own JVM flags ({@code LAUNCH_JAVA_OPTS} in
 * bin/deploy and bin/build-tasklist, read from the scripts so that they cannot drift apart) and a class-data-sharing
 * archive, as bin/launch.sh keeps one. The suites start a few thousand CLI JVMs; without the archive each spent
 * about 1.0 s starting Log4j, Jackson and the engine from jars, with it about 0.5 s.
 *
 * <p>The archive is made once per test JVM and classpath (a training run of {@code CdsTraining}, ~4 s) and kept in
 * the module's {@code target/cli-cds/}, named by a digest of the java binary, the classpath and each jar's size and
 * mtime, so a rebuilt jar gets a new archive rather than one the JVM refuses. The JVM only archives classes from
 * jars and refuses to dump with a non-empty directory among the entries it used, so the child's classpath lists
 * the jars first and the directories (a module's own {@code target/classes}, {@code target/test-classes}) after
 * them; their classes then load from the directories as before. A training that fails costs one try per test JVM
 * and leaves the CLIs to start without an archive. {@code -Ddeployer.test.cds=off} turns it off.
 */
final class CliJvm {

    private static final String CDS_TRAINING = "deployer.core.internal.cli.perf.CdsTraining";
    private static final Pattern LAUNCH_OPTS = Pattern.compile("^LAUNCH_JAVA_OPTS=\"([^\"]*)\"", Pattern.MULTILINE);
    private static final Map<String, String> SCRIPT_OF = Map.of(
            CliProcess.DEPLOY, "deploy",
            CliProcess.BUILD_TASKLIST, "build-tasklist");

    private static final Map<String, List<String>> FLAGS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final String CLASSPATH = jarsFirst(System.getProperty("java.class.path"));

    private static volatile List<String> archiveOptions;

    private CliJvm() {
    }

    /** The java command line up to the main class: java, JVM options, the classpath. */
    static List<String> javaCommand(String mainClass) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(launcherFlags(mainClass));
        cmd.addAll(archive());
        cmd.add("-cp");
        cmd.add(CLASSPATH);
        return cmd;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The JVM flags bin/'s script for this main class passes (none for a main class no script runs); read once. */
    static List<String> launcherFlags(String mainClass) {
        return FLAGS.computeIfAbsent(mainClass, CliJvm::readLauncherFlags);
    }

    private static List<String> readLauncherFlags(String mainClass) {
        String script = SCRIPT_OF.get(mainClass);
        if (script == null) {
            return List.of();
        }
        Path file = CliProcess.projectRoot().resolve("bin").resolve(script);
        try {
            Matcher m = LAUNCH_OPTS.matcher(Files.readString(file));
            if (!m.find()) {
                throw new IllegalStateException(file + " has no LAUNCH_JAVA_OPTS=\"...\" line");
            }
            return m.group(1).isBlank() ? List.of() : List.of(m.group(1).trim().split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A classpath with its jars first and its directories last (see the class comment). */
    private static String jarsFirst(String classpath) {
        List<String> entries = List.of(classpath.split(java.io.File.pathSeparator));
        return Stream.concat(entries.stream().filter(e -> !Files.isDirectory(Path.of(e))),
                        entries.stream().filter(e -> Files.isDirectory(Path.of(e))))
                .reduce((a, b) -> a + java.io.File.pathSeparator + b).orElse("");
    }

    private static List<String> archive() {
        List<String> options = archiveOptions;
        if (options == null) {
            synchronized (CliJvm.class) {
                options = archiveOptions;
                if (options == null) {
                    options = "off".equals(System.getProperty("deployer.test.cds")) ? List.of() : trainedArchive();
                    archiveOptions = options;
                }
            }
        }
        return options;
    }

    private static List<String> trainedArchive() {
        String cp = CLASSPATH;
        Path dir = Path.of("target", "cli-cds").toAbsolutePath();
        Path jsa = dir.resolve(digest(cp) + ".jsa");
        // As bin/launch.sh: the archive's own messages stay off, so an archive the JVM cannot use is skipped silently.
        List<String> quiet = List.of("-Xlog:disable", "-Xlog:all=warning,cds*=off:stderr");
        List<String> use = new ArrayList<>(quiet);
        use.add("-XX:SharedArchiveFile=" + jsa);
        if (Files.isRegularFile(jsa)) {
            return use;
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "training", ".jsa");
            Files.delete(tmp);
            List<String> cmd = new ArrayList<>(List.of(java()));
            cmd.addAll(quiet);
            cmd.addAll(launcherFlags(CliProcess.DEPLOY));
            cmd.add("-XX:ArchiveClassesAtExit=" + tmp);
            cmd.add("-Dlog4j2.configurationFile=" + CliProcess.projectRoot().resolve("conf/log4j2.xml"));
            cmd.addAll(List.of("-cp", cp, CDS_TRAINING, CliProcess.projectRoot().resolve("conf/test.yaml").toString()));
            Path log = dir.resolve("training.log");
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
                System.err.println("CliJvm: no class-data archive for the CLIs (training failed, see " + log + ")");
                Files.deleteIfExists(tmp);
                return List.of();
            }
            try {
                Files.move(tmp, jsa, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, jsa, StandardCopyOption.REPLACE_EXISTING);
            }
            return use;
        } catch (IOException | IllegalThreadStateException e) {
            System.err.println("CliJvm: no class-data archive for the CLIs: " + e);
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** The java binary, the classpath, and each jar's size and mtime: what the JVM checks an archive against. */
    private static String digest(String cp) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(java().getBytes(StandardCharsets.UTF_8));
            sha.update(String.join(" ", launcherFlags(CliProcess.DEPLOY)).getBytes(StandardCharsets.UTF_8));
            for (String entry : cp.split(java.io.File.pathSeparator)) {
                Path p = Path.of(entry);
                String stamp = Files.isRegularFile(p) ? Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis() : "dir";
                sha.update((entry + "=" + stamp + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
