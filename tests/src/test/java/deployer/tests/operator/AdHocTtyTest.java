package deployer.tests.operator;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import deployer.core.testing.PtyProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deploy run --tty}: a remote program that needs a terminal gets one wired to ours (driven through a pty). */
@Tag("sshd")
class AdHocTtyTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(2);

    @TempDir
    Path work;

    private Path config() throws IOException {
        List<String> hosts = ssh.hosts().stream().map(OpenSshServers.Host::remoteHost).toList();
        return Files.writeString(work.resolve("tty.yaml"), "platform: tarball\n"
                + "hostgroup:\n"
                + "  web: [" + String.join(", ", hosts) + "]\n"
                + "service:\n"
                + "  web:\n"
                + "    hostgroups: [web]\n"
                + "    install_location: /tmp/tty-web\n"
                + ssh.clientConfigYaml());
    }

    @Test
    void theRemoteProgramHasATerminalOfOurSizeAndReadsOurKeys() throws Exception {
        String program = "tty; test -t 0 && echo stdin-is-a-terminal; echo size=$(stty size); read answer; echo got:$answer";
        try (PtyProcess deploy = PtyProcess.start(PtyProcess.Output.TERMINAL, CliProcess.DEPLOY, work.resolve("cli"),
                "run", "--config", config().toString(), "--hosts", ssh.host(0).remoteHost(), "--tty", "--", program)) {
            // "size=" followed by a digit is the program's output, never the command line the log shows.
            deploy.await("the remote program to ask", LIMIT, () -> deploy.transcript().matches("(?s).*size=\\d.*"));
            deploy.type("hello\r");
            CliProcess.Result r = deploy.finish(LIMIT);

            assertThat(r.exitCode()).as(r.stdout()).isZero();
            assertThat(r.stdout()).containsPattern("/dev/pts/\\d+").contains("stdin-is-a-terminal")
                    // A fresh pty does not know its size; the remote one is then the classic 24 rows by 80 columns.
                    .contains("size=24 80")
                    .contains("got:hello")
                    .doesNotContain("not a tty");
        }
    }

    @Test
    void ttyOnMoreThanOneHostIsAUsageError() throws Exception {
        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "run", "--config", config().toString(), "--tty", "--", "true");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("--tty runs on one host, and the selection has 2: " + ssh.host(0).remoteHost() + ", "
                + ssh.host(1).remoteHost() + "; narrow it with --hosts");
    }
}
