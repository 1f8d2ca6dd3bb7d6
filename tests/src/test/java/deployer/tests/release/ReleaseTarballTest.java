package deployer.tests.release;

import deployer.tests.fixtures.SshPlans;

import com.fasterxml.jackson.databind.ObjectMapper;
import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The release users install (dist/, {@code deployer-<version>.tar.gz}), unpacked in a temporary directory and run
 * as a user would: through its bin/ launchers, from another working directory, with a PATH that has java and the
 * few tools the launchers use but no Maven. Also its class-data-sharing archive (bin/launch.sh): made on the
 * first run, used, remade after a jar changes, and skipped without a word when the JVM cannot use it.
 */
@Tag("sshd")
class ReleaseTarballTest {

    private static final String LOG_LINE = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} \\[\\w+ *\\] .*";
    /** What the launchers and their scripts call; Maven is deliberately not among them. */
    private static final List<String> TOOLS = List.of("bash", "readlink", "dirname", "stat", "mkdir", "mv", "rm");
    /** Runs a command as root without root's power over file modes, so that a read-only install is read-only. */
    private static final List<String> NO_DAC_OVERRIDE = List.of(find("setpriv").map(Path::toString).orElse("setpriv"),
            "--bounding-set", "-dac_override,-dac_read_search", "--inh-caps", "-dac_override,-dac_read_search", "--");

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(1);

    @TempDir
    static Path shared;
    static Path tools;
    static Path install;

    @TempDir
    Path work;

    @BeforeAll
    static void unpackTheReleaseAndAPathWithoutMaven() throws Exception {
        tools = Files.createDirectories(shared.resolve("tools"));
        for (String tool : TOOLS) {
            Files.createSymbolicLink(tools.resolve(tool), onPath(tool));
        }
        Files.createSymbolicLink(tools.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        ProcessBuilder which = new ProcessBuilder(onPath("bash").toString(), "-c", "command -v mvn || echo none").redirectErrorStream(true);
        which.environment().put("PATH", tools.toString());
        Process p = which.start();
        String found = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(found).as("Maven must not be on the test's PATH")
                .isEqualTo("none");
        install = unpack(shared.resolve("release"));
    }

    /** The links point outside the temporary directory; JUnit would warn about each when it cleans up. */
    @AfterAll
    static void removeTheToolLinks() throws IOException {
        try (Stream<Path> links = Files.list(tools)) {
            for (Path link : links.toList()) {
                Files.delete(link);
            }
        }
    }

    @Test
    void versionPrintsTheVersionAndTheCommit() throws Exception {
        for (String script : List.of("deploy", "build-tasklist")) {
            CliProcess.Result r = run(install, script, Map.of(), "--version");
            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(r.stdout()).matches(script + " " + System.getProperty("deployer.version").replace(".", "\\.")
                    + " \\(commit ([0-9a-f]{12}(-dirty)?|unknown)\\) on Java \\S+ \\(/\\S+\\)\n");
            assertThat(r.stderr()).isEmpty();
        }
    }

    /**
     * Issue 26, item 19: the release lacked bin/completion.bash and docs/schema/ that README points to. Every relative
     * link of the release's README and docs resolves inside the release, but those into source trees (a release
     * ships no sources: they point a reader of the checkout at code).
     */
    @Test
    void everyFileTheReadmeAndDocsPointToIsInTheRelease() throws Exception {
        List<Path> pages = new ArrayList<>(List.of(install.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(install.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)(?:#[^)]*)?\\)");
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            Matcher m = link.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*") || target.contains("/src/") || target.startsWith("src/")) {
                    continue;
                }
                checked++;
                if (!Files.exists(page.getParent().resolve(target).normalize())) {
                    missing.add(install.relativize(page) + " -> " + target);
                }
            }
        }
        assertThat(missing).as("links to files the release lacks").isEmpty();
        assertThat(checked).as("links checked").isPositive();
        assertThat(install.resolve("docs/schema/tasklist.schema.json")).isNotEmptyFile();

        // The completion loads in the release's bin/ and completes there.
        ProcessBuilder bash = new ProcessBuilder(onPath("bash").toString(), "-c", "source \"$1\"; COMP_WORDS=(deploy secrets g); COMP_CWORD=2; _deploy;"
                + " printf '%s\\n' \"${COMPREPLY[@]}\"", "bash", install.resolve("bin/completion.bash").toString()).redirectErrorStream(true);
        Process p = bash.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as("completion of 'deploy secrets g'").isEqualTo("genkey\n");
    }

    @Test
    void theSpecExampleRunsFromAnotherDirectoryWithoutMaven() throws Exception {
        CliProcess.Result r = run(install, "deploy", Map.of(), "--config", install.resolve("conf/test.yaml").toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("Run Test Generator: SUCCEEDED");
        assertThat(r.stderr()).contains("[TestCommand    ] [local] [*] Executing test command: Hello World / None");
        assertThat(r.stderr().lines()).as("only log lines on stderr").allMatch(l -> l.matches(LOG_LINE));
    }

    @Test
    void theArchiveIsMadeOnTheFirstRunAndUsed() throws Exception {
        // The shared install: its first run (this or another test's) made the archive; the release ships none.
        dumpSucceedsQuietly(install, Map.of());
        assertThat(install.resolve("lib/deployer.jsa")).isNotEmptyFile();

        assertThat(loadedFromTheArchive(install)).as("classes come from the archive").isTrue();
    }

    @Test
    void theArchiveIsRemadeAfterAJarChanges() throws Exception {
        Path home = unpack(work.resolve("release"));
        dumpSucceedsQuietly(home, Map.of());
        Path jsa = home.resolve("lib/deployer.jsa");
        Object before = Files.readAttributes(jsa, "unix:ino").get("ino");

        touch(aLibraryJar(home));

        assertThat(loadedFromTheArchive(home)).as("classes come from the new archive, in the very run after the change").isTrue();
        assertThat(Files.readAttributes(jsa, "unix:ino").get("ino")).as("a new archive file").isNotEqualTo(before);
    }

    @Test
    void anArchiveTheJvmCannotUseIsSkippedWithoutAWord() throws Exception {
        Path home = unpack(work.resolve("release"));
        dumpSucceedsQuietly(home, Map.of());
        Path jsa = home.resolve("lib/deployer.jsa");
        Path old = Files.copy(jsa, work.resolve("old.jsa"));

        // The jar changes and the launcher makes a new archive; then the old one takes its place, so the launcher
        // believes it fresh and hands the JVM an archive made for a jar that is no longer there.
        touch(aLibraryJar(home));
        dumpSucceedsQuietly(home, Map.of());
        Files.copy(old, jsa, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(loadedFromTheArchive(home)).as("the stale archive is not used").isFalse();

        // Not an archive at all: skipped the same way.
        Files.write(jsa, new byte[64 * 1024]);
        assertThat(loadedFromTheArchive(home)).as("a broken archive is not used").isFalse();
    }

    /**
     * The perf measure Curve25519Kex and its pom execution: BouncyCastle's jars ship without their signature (a signed
     * jar's classes cost a signature check per start and are never archived), and a real SSH run of the release does
     * its key exchange on BouncyCastle's X25519, loaded from that unsigned jar. Fails when a BouncyCastle or sshj
     * upgrade leaves the measure unused (e.g. sshj renames its curve25519 factory) or the copies signed.
     */
    @Test
    void anSshRunUsesBouncyCastlesX25519FromAnUnsignedJar() throws Exception {
        try (Stream<Path> lib = Files.list(install.resolve("lib"))) {
            List<Path> bouncyCastle = lib.filter(p -> p.getFileName().toString().matches("bc\\w+-jdk18on-.*\\.jar")).toList();
            assertThat(bouncyCastle).as("BouncyCastle's jars in lib/").hasSize(3);
            for (Path jar : bouncyCastle) {
                try (JarFile j = new JarFile(jar.toFile())) {
                    assertThat(j.stream().map(JarEntry::getName)).as(jar + ": signature files")
                            .noneMatch(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"));
                    assertThat(j.getManifest().getMainAttributes().getValue("Multi-Release")).as(jar + ": Multi-Release").isEqualTo("true");
                }
            }
        }
        OpenSshServers.Host host = ssh.hosts().get(0);
        Path plan = SshPlans.tasklist(work.resolve("plan.json"), "One host",
                List.of(SshPlans.stage("Reach", 1, 1, List.of(SshPlans.task(host.remoteHost(), "echo reached")))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ssh.clientConfigYaml());
        Path log = work.resolve("ssh-class-load.log");

        CliProcess.Result r = run(install, "deploy", Map.of("DEPLOYER_JAVA_OPTS", "-Xlog:class+load=info:file=" + log),
                "--config", config.toString(), "--tasklist", plan.toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("reached\n");
        assertThat(Files.readAllLines(log)).as("the key exchange's classes")
                .anyMatch(l -> l.contains(" deployer.core.internal.perf.Curve25519Kex "))
                .anyMatch(l -> l.matches(".* org\\.bouncycastle\\.math\\.ec\\.rfc7748\\.X25519 source: (shared objects file|.*bcprov-jdk18on-.*\\.jar)"));
    }

    @Test
    void aReadOnlyInstallKeepsItsArchiveInTheUsersCache() throws Exception {
        assumeSetprivDropsRootsFilePowers();
        Path home = unpack(work.resolve("release"));
        Path user = Files.createDirectories(work.resolve("user"));
        Files.setPosixFilePermissions(home.resolve("lib"), PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            CliProcess.Result r = run(NO_DAC_OVERRIDE, home, "build-tasklist", Map.of("HOME", user.toString()),
                    "--config", home.resolve("conf/test.yaml").toString(), "--dump");
            assertDumpSucceededQuietly(r);
            assertThat(home.resolve("lib/deployer.jsa")).doesNotExist();
            try (Stream<Path> cache = Files.walk(user.resolve(".cache/deployer"))) {
                assertThat(cache.filter(p -> p.getFileName().toString().equals("deployer.jsa")).toList()).singleElement()
                        .satisfies(p -> assertThat(p).isNotEmptyFile());
            }
        } finally {
            Files.setPosixFilePermissions(home.resolve("lib"), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** Runs {@code build-tasklist --dump} with class loading logged; says whether our CLI class came from the archive. */
    private boolean loadedFromTheArchive(Path home) throws Exception {
        Path log = work.resolve("class-load-" + System.nanoTime() + ".log");
        dumpSucceedsQuietly(home, Map.of("DEPLOYER_JAVA_OPTS", "-Xlog:class+load=info:file=" + log));
        List<String> ours = Files.readAllLines(log).stream().filter(l -> l.contains(" deployer.core.internal.cli.BuildTasklistCli ")).toList();
        assertThat(ours).as("class-load log " + log).hasSize(1);
        return ours.get(0).contains("source: shared objects file (top)");
    }

    private void dumpSucceedsQuietly(Path home, Map<String, String> env) throws Exception {
        assertDumpSucceededQuietly(run(home, "build-tasklist", env, "--config", home.resolve("conf/test.yaml").toString(), "--dump"));
    }

    /** The plan on stdout and nothing else; on stderr the log lines and "Syntax ok", nothing about any archive. */
    private static void assertDumpSucceededQuietly(CliProcess.Result r) throws IOException {
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(new ObjectMapper().readTree(r.stdout()).get("name").asText()).isEqualTo("Test Generator");
        assertThat(r.stderr().lines()).as("stderr holds log lines and 'Syntax ok' only")
                .allMatch(l -> l.matches(LOG_LINE) || l.equals("Syntax ok"));
        assertThat(r.stderr().toLowerCase()).doesNotContain("cds", "shared", "archive", "jsa");
    }

    private CliProcess.Result run(Path home, String script, Map<String, String> env, String... args) throws Exception {
        return run(List.of(), home, script, env, args);
    }

    /** Runs a bin/ script of the release in a fresh working directory outside it, with only java and TOOLS on the PATH. */
    private CliProcess.Result run(List<String> prefix, Path home, String script, Map<String, String> env, String... args)
            throws Exception {
        Path cwd = Files.createTempDirectory(work, "cwd");
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(home.resolve("bin").resolve(script).toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
                .redirectOutput(cwd.resolve("cli.out").toFile()).redirectError(cwd.resolve("cli.err").toFile());
        pb.environment().clear();
        pb.environment().put("PATH", tools.toString());
        pb.environment().put("HOME", cwd.toString());
        pb.environment().putAll(env);
        return CliProcess.finish(pb.start(), cwd, Duration.ofMinutes(2));
    }

    private static Path unpack(Path into) throws Exception {
        Path tarball = Path.of(System.getProperty("deployer.release.tarball"));
        assertThat(tarball).as("the release tarball (mvn package builds it in dist/)").isRegularFile();
        Files.createDirectories(into);
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", into.toString()).inheritIO().start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        Path home = into.resolve(tarball.getFileName().toString().replaceFirst("\\.tar\\.gz$", ""));
        assertThat(home.resolve("bin/deploy")).isExecutable();
        assertThat(home.resolve("lib/deployer.jsa")).as("the archive is made where it runs, not shipped").doesNotExist();
        return home;
    }

    private static Path aLibraryJar(Path home) throws IOException {
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            return jars.filter(p -> p.getFileName().toString().startsWith("commons-cli-")).findFirst().orElseThrow();
        }
    }

    /** A jar change as a rebuild makes it: same name, new mtime. */
    private static void touch(Path jar) throws IOException {
        FileTime was = Files.getLastModifiedTime(jar);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(was.toMillis() + 60_000));
    }

    private static Path onPath(String tool) {
        return find(tool).orElseThrow(() -> new AssertionError(tool + " is not on the PATH"));
    }

    /** The test's own PATH lookup: ProcessBuilder would search the parent's PATH, not the child's. */
    private static java.util.Optional<Path> find(String tool) {
        return Stream.of(System.getenv("PATH").split(":")).map(dir -> Path.of(dir, tool)).filter(Files::isExecutable).findFirst();
    }

    private void assumeSetprivDropsRootsFilePowers() throws Exception {
        Path probe = Files.writeString(work.resolve("probe"), "x");
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("---------"));
        Process p;
        try {
            List<String> cmd = new ArrayList<>(NO_DAC_OVERRIDE);
            cmd.addAll(List.of("cat", probe.toString()));
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "setpriv is not installed: " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assumeTrue(out.contains("Permission denied"), "setpriv cannot drop CAP_DAC_OVERRIDE here: " + out);
    }
}
