package deployer.tests.ssh;

import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sudo} / {@code sudo_user} tasks against a real sudo (Debian's package) on a real sshd host. A sudoers
 * drop-in, removed afterwards, lets the login user become {@value #NOPASSWD_USER} without a password and
 * {@value #PASSWORD_USER} with that user's password ({@code targetpw}); it grants nothing as root, which is the
 * "sudo would prompt" case.
 */
@Tag("sshd")
@Tag("sudo")
@Timeout(180)
class SshSudoTest {

    static final String NOPASSWD_USER = "deployer-sudo-np";
    static final String PASSWORD_USER = "deployer-sudo-pw";
    static final String PASSWORD = "Sudo-pw-7";
    static final Path SUDOERS = Path.of("/etc/sudoers.d/deployer-test-sudo");

    static OpenSshServers ssh = OpenSshServers.hosts(1);

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        ssh.start();
        for (String u : List.of(NOPASSWD_USER, PASSWORD_USER)) {
            if (exitCode(List.of("id", "-u", u), null) != 0) {
                exitCode(List.of("useradd", "-r", "-M", "-d", "/tmp", "-s", "/usr/sbin/nologin", u), null);
            }
        }
        run(List.of("chpasswd"), PASSWORD_USER + ":" + PASSWORD + "\n");
        Path draft = Files.createTempFile("sudoers", "");
        Files.writeString(draft, """
                %1$s ALL=(%2$s) NOPASSWD: ALL
                Defaults>%3$s targetpw
                %1$s ALL=(%3$s) ALL
                """.formatted(ssh.user(), NOPASSWD_USER, PASSWORD_USER));
        run(List.of("visudo", "-c", "-f", draft.toString()), null);
        Files.createDirectories(SUDOERS.getParent());
        Files.move(draft, SUDOERS, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(SUDOERS, PosixFilePermissions.fromString("r--r-----"));
    }

    @AfterAll
    static void stop() throws IOException {
        Files.deleteIfExists(SUDOERS);
        ssh.close();
    }

    private CliProcess.Result deploy(Map<String, String> env, Map<String, Object> task) throws Exception {
        Path tasklist = SshPlans.tasklist(work.resolve("plan.json"), "sudo", List.of(SshPlans.stage("Sudo", 1, 1, List.of(task))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ssh.clientConfigYaml());
        return CliProcess.deploy(work.resolve("cli"), env, "--config", config.toString(), "--tasklist", tasklist.toString());
    }

    private Map<String, Object> task(String shell, String sudoUser) {
        Map<String, Object> t = SshPlans.task(ssh.host(0).remoteHost(), shell);
        if (sudoUser == null) {
            t.put("sudo", true);
        } else {
            t.put("sudo_user", sudoUser);
        }
        return t;
    }

    @Test
    void withNopasswdTheCommandRunsAsTheSudoUser() throws Exception {
        CliProcess.Result run = deploy(Map.of(), task("echo running as $(id -un)", NOPASSWD_USER));

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stderr()).contains("running as " + NOPASSWD_USER);
    }

    @Test
    void withAPasswordSudoGetsItOnceAndTheCommandNeverSeesIt() throws Exception {
        CliProcess.Result run = deploy(Map.of("DEPLOYER_SUDO_PASSWORD", PASSWORD),
                task("echo running as $(id -un) stdin:[$(cat)]; echo to stderr >&2", PASSWORD_USER));

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stderr()).contains("running as " + PASSWORD_USER + " stdin:[]", "to stderr")
                .doesNotContain(PASSWORD, "deployer-sudo-prompt");
    }

    @Test
    void aPasswordSudoDoesNotAskForNeverReachesTheCommand() throws Exception {
        CliProcess.Result run = deploy(Map.of("DEPLOYER_SUDO_PASSWORD", PASSWORD),
                task("echo stdin:[$(cat)]", NOPASSWD_USER));

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stderr()).contains("stdin:[]").doesNotContain(PASSWORD);
    }

    @Test
    void aSudoThatWouldPromptFailsAtOnceWithAReason() throws Exception {
        Instant started = Instant.now();
        CliProcess.Result asRoot = deploy(Map.of(), task("echo must not run", null));
        CliProcess.Result asPasswordUser = deploy(Map.of(), task("echo must not run", PASSWORD_USER));

        for (CliProcess.Result run : List.of(asRoot, asPasswordUser)) {
            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.all()).contains("AUTHENTICATION", "sudo asks for a password and none is configured",
                    "DEPLOYER_SUDO_PASSWORD").doesNotContain("] must not run\n"); // the output line, not the start line naming it
        }
        assertThat(Duration.between(started, Instant.now())).as("nothing waited at a prompt").isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void aWrongPasswordFailsWithAReasonInsteadOfAskingAgain() throws Exception {
        CliProcess.Result run = deploy(Map.of("DEPLOYER_SUDO_PASSWORD", "wrong-password"), task("echo must not run", PASSWORD_USER));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.all()).contains("AUTHENTICATION", "sudo refused the configured password")
                .doesNotContain("wrong-password", "] must not run\n"); // the output line, not the start line naming it
    }

    @Test
    void aPasswordFileWorksLikeTheEnvironment() throws Exception {
        Path file = Files.writeString(work.resolve("sudo-password"), PASSWORD + "\n");
        Path tasklist = SshPlans.tasklist(work.resolve("plan.json"), "sudo",
                List.of(SshPlans.stage("Sudo", 1, 1, List.of(task("echo running as $(id -un)", PASSWORD_USER)))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ssh.clientConfigYaml() + "  sudo_password_file: " + file + "\n");

        CliProcess.Result run = CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--tasklist", tasklist.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stderr()).contains("running as " + PASSWORD_USER);
    }

    @Test
    void aSudoPasswordFromTheEnvironmentsSecretsWorksLikeTheEnvironmentVariable() throws Exception {
        Path tasklist = SshPlans.tasklist(work.resolve("plan.json"), "sudo",
                List.of(SshPlans.stage("Sudo", 1, 1, List.of(task("echo running as $(id -un)", PASSWORD_USER)))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ssh.clientConfigYaml() + "  sudo_password: ${secret:sudo}\n");
        Files.createDirectories(work.resolve("environments"));
        Files.writeString(work.resolve("environments/prod.yaml"), "");
        Path plain = Files.writeString(work.resolve("plain.yaml"), "sudo: " + PASSWORD + "\n");
        Map<String, String> key = Map.of("DEPLOYER_SECRETS_PASSPHRASE", "sudo secrets passphrase");
        CliProcess.Result encrypt = CliProcess.deploy(work.resolve("cli"), key, "secrets", "encrypt", "--config", config.toString(),
                "--environment", "prod", plain.toString());
        assertThat(encrypt.exitCode()).as(encrypt.all()).isZero();

        CliProcess.Result run = CliProcess.deploy(work.resolve("cli"), key, "--config", config.toString(), "--environment", "prod",
                "--tasklist", tasklist.toString(), "-d");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stderr()).contains("running as " + PASSWORD_USER).doesNotContain(PASSWORD);
        assertThat(run.stdout()).doesNotContain(PASSWORD);
    }

    @Test
    void theSecretsInTheEnvironmentNeverReachLocalCommands() throws Exception {
        Map<String, Object> local = new java.util.LinkedHashMap<>();
        local.put("command", "execute_command");
        local.put("shell", "echo \"secrets:[$DEPLOYER_SUDO_PASSWORD][$DEPLOYER_SSH_PASSPHRASE]\"");

        CliProcess.Result run = deploy(Map.of("DEPLOYER_SUDO_PASSWORD", PASSWORD, "DEPLOYER_SSH_PASSPHRASE", "pass-phrase"), local);

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stderr()).contains("secrets:[][]").doesNotContain(PASSWORD, "pass-phrase");
    }

    private static void run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static int exitCode(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
