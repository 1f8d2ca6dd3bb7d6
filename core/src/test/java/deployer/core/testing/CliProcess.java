package deployer.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a deployer CLI (deploy, build-tasklist) as a separate JVM with the test classpath, the way a user runs
 * bin/deploy: real exit code, real stdout/stderr, real signals. Shared by every module's tests.
 */
public final class CliProcess {

    public static final String DEPLOY = "deployer.core.internal.cli.DeployCli";
    public static final String BUILD_TASKLIST = "deployer.core.internal.cli.BuildTasklistCli";

    /** What a finished CLI run printed and returned. */
    public record Result(int exitCode, String stdout, String stderr) {
        public String all() {
            return stdout + stderr;
        }
    }

    private CliProcess() {
    }

    public static Result deploy(Path workDir, String... args) {
        return run(DEPLOY, workDir, Duration.ofMinutes(3), args);
    }

    public static Result buildTasklist(Path workDir, String... args) {
        return run(BUILD_TASKLIST, workDir, Duration.ofMinutes(3), args);
    }

    public static Result run(String mainClass, Path workDir, Duration timeout, String... args) {
        return run(mainClass, workDir, timeout, Map.of(), args);
    }

    /** {@code deploy} with extra environment variables (e.g. a passphrase, an agent socket). */
    public static Result deploy(Path workDir, Map<String, String> env, String... args) {
        return run(DEPLOY, workDir, Duration.ofMinutes(3), env, args);
    }

    public static Result run(String mainClass, Path workDir, Duration timeout, Map<String, String> env, String... args) {
        try {
            return finish(start(List.of(), mainClass, workDir, env, args), workDir, timeout);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the CLI through a launcher, e.g. {@code setpriv …} to run it without root's power to read every file, so
     * that "permission denied" can be tested honestly on a machine where the tests run as root.
     */
    public static Result runVia(List<String> launcher, String mainClass, Path workDir, String... args) {
        try {
            return finish(start(launcher, mainClass, workDir, Map.of(), args), workDir, Duration.ofMinutes(3));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the CLI and returns at once (for tests that signal it); stdout/stderr go to files in workDir. */
    public static Process start(String mainClass, Path workDir, String... args) throws IOException {
        return start(List.of(), mainClass, workDir, Map.of(), args);
    }

    public static Process start(String mainClass, Path workDir, Map<String, String> env, String... args) throws IOException {
        return start(List.of(), mainClass, workDir, env, args);
    }

    /**
     * Starts the CLI with the test JVM's environment less what would make a run depend on the machine's user
     * (their ssh-agent, passphrase and sudo password variables), plus {@code env}, and an empty home of its own, so
     * that no test reads the machine's ~/.ssh (config, known_hosts, keys).
     */
    private static Process start(List<String> launcher, String mainClass, Path workDir, Map<String, String> env, String... args)
            throws IOException {
        Files.createDirectories(workDir);
        Path home = Files.createDirectories(workDir.toAbsolutePath().resolve("home"));
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(command(mainClass, home, args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeAll(List.of("SSH_AUTH_SOCK", "DEPLOYER_SSH_PASSPHRASE", "DEPLOYER_SUDO_PASSWORD",
                "DEPLOYER_SECRETS_KEY", "DEPLOYER_SECRETS_PASSPHRASE"));
        pb.environment().putAll(env);
        return pb
                .directory(workDir.toFile())
                .redirectOutput(workDir.resolve("cli.out").toFile())
                .redirectError(workDir.resolve("cli.err").toFile())
                .start();
    }

    /**
     * The java command line that runs the CLI with the test classpath, bin/'s JVM flags and a class-data archive
     * ({@link CliJvm}); also used by {@link PtyProcess}.
     */
    public static List<String> command(String mainClass, String... args) {
        return command(mainClass, null, args);
    }

    /** @param home the CLI's {@code user.home}, or null for the test JVM's */
    public static List<String> command(String mainClass, Path home, String... args) {
        List<String> cmd = new ArrayList<>(CliJvm.javaCommand(mainClass));
        cmd.add("-Dlog4j2.configurationFile=" + projectRoot().resolve("conf/log4j2.xml"));
        if (home != null) {
            cmd.add("-Duser.home=" + home);
        }
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    public static Result finish(Process p, Path workDir, Duration timeout) {
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("CLI did not finish within " + timeout + "; stderr so far:\n"
                        + Files.readString(workDir.resolve("cli.err")));
            }
            return new Result(p.exitValue(),
                    Files.readString(workDir.resolve("cli.out"), StandardCharsets.UTF_8),
                    Files.readString(workDir.resolve("cli.err"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends the CLI what Ctrl-C sends: SIGINT. A JVM started from a background job inherits SIGINT as ignored and
     * then cannot catch it (HotSpot leaves ignored signals alone); there the CLI's twin, SIGTERM, is sent instead,
     * which the CLI treats the same way.
     */
    public static void interrupt(Process p) throws IOException, InterruptedException {
        String signal = sigintIgnored() ? "-TERM" : "-INT";
        int rc = new ProcessBuilder("kill", signal, Long.toString(p.pid())).start().waitFor();
        if (rc != 0) {
            throw new AssertionError("kill " + signal + " " + p.pid() + " failed with " + rc);
        }
    }

    private static boolean sigintIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }

    /** The repository root (the directory holding conf/ and bin/), found from the working directory up. */
    public static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("conf")) ) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the project root (with conf/) above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
