package deployer.tests.inputs;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A file or option the user named cannot be used: exit 2, one line on stderr naming the path and the reason, no
 * Java exception text, nothing run.
 * <p>
 * The tests run as root, who reads and writes everything, so "permission denied" is produced honestly: the CLI runs
 * under {@code setpriv} without the capabilities that let root ignore file modes (CAP_DAC_OVERRIDE,
 * CAP_DAC_READ_SEARCH); it is still uid 0 and reads its own class path. The other cases need no privilege games:
 * a path under a regular file fails with "not a directory" for root too.
 */
class FileErrorsTest {

    /** Runs a command as root without root's power over file modes. */
    private static final List<String> NO_DAC_OVERRIDE = List.of("setpriv",
            "--bounding-set", "-dac_override,-dac_read_search", "--inh-caps", "-dac_override,-dac_read_search", "--");

    @TempDir
    Path work;
    Path config;

    /**
     * A tarball config whose {@code tarballs:} directory holds a real package: an empty --directory used to deploy
     * that one instead. Any task that runs leaves {@code hosts/} behind (the release is unpacked there).
     */
    @BeforeEach
    void aConfigWithDefaultPackages() throws IOException {
        Path packages = Files.createDirectories(work.resolve("packages"));
        Path v1 = CliProcess.projectRoot().resolve("conf/demo/packages/v1/demo-web_1f3a9c2-20240501120000.tar.gz");
        Files.copy(v1, packages.resolve(v1.getFileName()));
        config = Files.writeString(work.resolve("conf.yaml"), """
                platform: tarball
                tarballs: packages
                hostgroup:
                  web: [local:fe1]
                service:
                  demo-web:
                    hostgroups: [web]
                    install_location: %s/hosts/{hostname}
                    stop_command: "true"
                    start_command: "true"
                """.formatted(work));
    }

    private void assertNothingRan() {
        assertThat(work.resolve("hosts")).as("nothing may run").doesNotExist();
    }

    /**
     * Exit 2, exactly one error line on stderr holding every expected part (besides INFO progress lines such as
     * "Loading configuration"), no exception text, nothing on stdout.
     */
    private void assertOneLineError(CliProcess.Result r, String... parts) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        List<String> notProgress = r.stderr().lines().filter(l -> !l.matches("\\d{4}-\\d\\d-\\d\\d [0-9:,]+ \\[INFO .*")).toList();
        assertThat(notProgress).as(r.stderr()).singleElement().asString().contains(parts).endsWith("; nothing was run");
        assertThat(r.stderr()).doesNotContain("Exception", "java.", "\tat ");
        assertThat(r.stdout()).isEmpty();
        assertNothingRan();
    }

    private static void assumeSetprivDropsRootsFilePowers(Path work) throws Exception {
        Path probe = Files.writeString(work.resolve("probe"), "x");
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("---------"));
        Process p;
        try {
            p = new ProcessBuilder(concat(NO_DAC_OVERRIDE, "cat", probe.toString())).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "setpriv is not installed: " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assumeTrue(out.contains("Permission denied"), "setpriv cannot drop CAP_DAC_OVERRIDE here: " + out);
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(List.of(b));
        return all;
    }

    private CliProcess.Result deployWithoutRootsFilePowers(String... args) throws Exception {
        assumeSetprivDropsRootsFilePowers(work);
        return CliProcess.runVia(NO_DAC_OVERRIDE, CliProcess.DEPLOY, work.resolve("cli"), args);
    }

    private Path locked(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "r-xr-xr-x" : "---------"));
        return p;
    }

    @Test
    void anEmptyDirectoryIsAnErrorNotTheConfigsDefaultPackages() throws IOException {
        Path empty = Files.createDirectories(work.resolve("release"));
        Files.writeString(empty.resolve(".keep"), "");
        assertOneLineError(CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--directory", empty.toString()),
                "deploy: --directory " + empty + ": no package files in this directory");
    }

    @Test
    void aDirectoryWithoutAPackageOfAnyConfiguredServiceNamesTheDirectory() throws IOException {
        Path foreign = Files.createDirectories(work.resolve("release"));
        Files.writeString(foreign.resolve("api_2.0.tar.gz"), "");
        Files.writeString(foreign.resolve("README"), "");
        assertOneLineError(CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--directory", foreign.toString()),
                "deploy: " + foreign + ": no package of a service configured in ", "(demo-web) among: README, api_2.0.tar.gz");
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path missing = work.resolve("nope");
        assertOneLineError(CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--directory", missing.toString()),
                "deploy: --directory " + missing + ": no such file or directory");
    }

    @Test
    void aLogdirThatIsAFileIsNamed() throws IOException {
        Path file = Files.writeString(work.resolve("logs"), "");
        assertOneLineError(CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--logdir", file.toString()),
                "deploy: --logdir " + file + ": already exists and is not a directory");
    }

    @Test
    void aLogdirUnderAFileIsNotADirectory() throws IOException {
        Path under = Files.writeString(work.resolve("logs"), "").resolve("run");
        assertOneLineError(CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--logdir", under.toString()),
                "deploy: --logdir " + under + ": not a directory");
    }

    @Test
    void anUnwritableLogdirIsPermissionDenied() throws Exception {
        Path logs = locked(Files.createDirectories(work.resolve("logs")));
        assertOneLineError(deployWithoutRootsFilePowers("--config", config.toString(), "--logdir", logs.toString()),
                "deploy: --logdir " + logs + ": permission denied");
    }

    @Test
    void savingIntoAMissingDirectoryIsRefusedBeforeAnyWork() {
        Path target = work.resolve("no/such/dir/plan.json");
        assertOneLineError(CliProcess.buildTasklist(work.resolve("cli"), "--config", config.toString(), "--save", target.toString()),
                "build-tasklist: --save " + target + ": no such directory: " + target.getParent());
    }

    @Test
    void savingOverADirectoryIsRefused() throws IOException {
        Path dir = Files.createDirectories(work.resolve("plan.json"));
        assertOneLineError(CliProcess.buildTasklist(work.resolve("cli"), "--config", config.toString(), "--save", dir.toString()),
                "build-tasklist: --save " + dir + ": is a directory");
    }

    @Test
    void savingIntoAnUnwritableDirectoryIsPermissionDenied() throws Exception {
        assumeSetprivDropsRootsFilePowers(work);
        Path dir = locked(Files.createDirectories(work.resolve("plans")));
        Path target = dir.resolve("plan.json");
        assertOneLineError(CliProcess.runVia(NO_DAC_OVERRIDE, CliProcess.BUILD_TASKLIST, work.resolve("cli"),
                        "--config", config.toString(), "--save", target.toString()),
                "build-tasklist: --save " + target + ": permission denied");
        assertThat(target).doesNotExist();
    }

    @Test
    void anUnreadableConfigIsPermissionDenied() throws Exception {
        locked(config);
        assertOneLineError(deployWithoutRootsFilePowers("--config", config.toString()), "deploy: " + config + ": permission denied");
    }

    @Test
    void anUnreadableTasklistIsPermissionDenied() throws Exception {
        Path plan = locked(Files.writeString(work.resolve("plan.json"), "{}"));
        assertOneLineError(deployWithoutRootsFilePowers("--tasklist", plan.toString()), "deploy: " + plan + ": permission denied");
    }

    @Test
    void aTasklistUnderAFileIsNotADirectory() throws IOException {
        Path plan = Files.writeString(work.resolve("plans"), "").resolve("plan.json");
        assertOneLineError(CliProcess.deploy(work.resolve("cli"), "--tasklist", plan.toString()), "deploy: " + plan + ": not a directory");
    }

    @Test
    void anUnreadableComponentIsPermissionDeniedBeforeAnythingRuns() throws Exception {
        Path pkg = locked(Files.copy(work.resolve("packages/demo-web_1f3a9c2-20240501120000.tar.gz"),
                work.resolve("demo-web_2-20240601120000.tar.gz")));
        assertOneLineError(deployWithoutRootsFilePowers("--config", config.toString(), "--component", pkg.toString()),
                "deploy: --component " + pkg + ": permission denied");
    }

    @Test
    void anUnreadableDirectoryIsPermissionDenied() throws Exception {
        Path dir = Files.createDirectories(work.resolve("release"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("---------"));
        assertOneLineError(deployWithoutRootsFilePowers("--config", config.toString(), "--directory", dir.toString()),
                "deploy: --directory " + dir + ": permission denied");
    }
}
