package deployer.tests.ssh;

import deployer.tests.fixtures.SshPlans;

import deployer.core.spi.Shell;
import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The passphrase prompt as a person meets it: {@code deploy} runs on a terminal (a pseudo-terminal made by
 * util-linux {@code script}), asks once for the passphrase of the encrypted key although two hosts use it, does not
 * echo what is typed, and logs in.
 */
@Tag("sshd")
@Timeout(120)
class SshPassphrasePromptTest {

    private static final String PASSPHRASE = "typed at the terminal";

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(2);

    @TempDir
    Path work;

    @Test
    void theTerminalIsAskedOncePerKeyAndWhatIsTypedIsNotEchoed() throws Exception {
        Path key = work.resolve("id_prompted");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", PASSPHRASE, "-f", key.toString())
                .redirectErrorStream(true).start();
        assertThat(keygen.waitFor(30, TimeUnit.SECONDS) && keygen.exitValue() == 0).isTrue();
        ssh.authorize(Path.of(key + ".pub"));
        Path tasklist = SshPlans.tasklist(work.resolve("plan.json"), "prompt", List.of(SshPlans.stage("Both", 2, 1, List.of(
                SshPlans.task(ssh.host(0).remoteHost(), "echo first host as $(id -un)"),
                SshPlans.task(ssh.host(1).remoteHost(), "echo second host as $(id -un)")))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ("user: %s\nssh:\n  identity_files: [%s]\n"
                + "  known_hosts: %s\n  config_file: none\n").formatted(ssh.user(), key, ssh.knownHosts()));

        List<String> java = CliProcess.command(CliProcess.DEPLOY, Files.createDirectories(work.resolve("home")),
                "--config", config.toString(), "--tasklist", tasklist.toString());
        String commandLine = java.stream().map(Shell::quote).collect(Collectors.joining(" "));
        ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-f", "-c", commandLine, "/dev/null")
                .redirectErrorStream(true);
        pb.environment().keySet().removeAll(List.of("SSH_AUTH_SOCK", "DEPLOYER_SSH_PASSPHRASE"));
        Process terminal = pb.start();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Thread reader = copy(terminal.getInputStream(), screen);
        try {
            awaitText(screen, "Passphrase for " + key, 60);
            OutputStream keyboard = terminal.getOutputStream();
            keyboard.write((PASSPHRASE + "\n").getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            assertThat(terminal.waitFor(90, TimeUnit.SECONDS)).as("deploy finished; screen:\n%s", screen).isTrue();
            reader.join(5000);
        } finally {
            terminal.destroyForcibly();
        }

        String text = screen.toString(StandardCharsets.UTF_8);
        assertThat(terminal.exitValue()).as(text).isZero();
        assertThat(text).contains("first host as " + ssh.user(), "second host as " + ssh.user())
                .doesNotContain(PASSPHRASE);
        assertThat(text.split("Passphrase for ", -1)).as("asked once").hasSize(2);
    }

    private static Thread copy(InputStream in, ByteArrayOutputStream out) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    synchronized (out) {
                        out.write(buf, 0, n);
                    }
                }
            } catch (java.io.IOException ignored) {
                // The terminal closed.
            }
        }, "terminal-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitText(ByteArrayOutputStream screen, String text, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            synchronized (screen) {
                if (screen.toString(StandardCharsets.UTF_8).contains(text)) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + text + "' on the terminal within " + seconds + " s; it shows:\n" + screen);
    }
}
