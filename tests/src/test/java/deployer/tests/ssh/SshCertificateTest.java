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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user certificate ({@code KEY-cert.pub} beside the key, signed by a CA the real sshd trusts through
 * {@code TrustedUserCAKeys}) logs in although the key itself is in no authorized_keys file.
 */
@Tag("sshd")
@Timeout(120)
class SshCertificateTest {

    static Path ca;
    static OpenSshServers ssh;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        ca = Files.createTempDirectory("deployer-ca-");
        Files.setPosixFilePermissions(ca, PosixFilePermissions.fromString("rwxr-xr-x"));
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test-ca", "-f", ca.resolve("ca").toString());
        ssh = OpenSshServers.hosts(1).withConfig("TrustedUserCAKeys " + ca.resolve("ca.pub"));
        ssh.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (ssh != null) {
            ssh.close();
        }
        for (String f : List.of("ca", "ca.pub")) {
            Files.deleteIfExists(ca.resolve(f));
        }
        Files.deleteIfExists(ca);
    }

    @Test
    void aKeyWithACertificateBesideItLogsInWithTheCertificate() throws Exception {
        Path key = work.resolve("id_cert");
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "certified", "-f", key.toString());
        run("ssh-keygen", "-q", "-s", ca.resolve("ca").toString(), "-I", "deployer-test-cert", "-n", ssh.user(),
                "-V", "-5m:+1h", key + ".pub");
        assertThat(Path.of(key + "-cert.pub")).exists();
        Path tasklist = SshPlans.tasklist(work.resolve("plan.json"), "certificate", List.of(SshPlans.stage("Cert", 1, 1,
                List.of(SshPlans.task(ssh.host(0).remoteHost(), "echo certified as $(id -un)")))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ("user: %s\nssh:\n  identity_files: [%s]\n"
                + "  known_hosts: %s\n  config_file: none\n").formatted(ssh.user(), key, ssh.knownHosts()));

        CliProcess.Result run = CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--tasklist", tasklist.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stderr()).contains("certified as " + ssh.user());
        assertThat(ssh.log(0)).contains("Accepted publickey for " + ssh.user()).contains("ID deployer-test-cert");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
