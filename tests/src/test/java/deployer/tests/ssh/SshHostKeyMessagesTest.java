package deployer.tests.ssh;

import deployer.tests.architecture.fixture.core.a.A;
import deployer.tests.fixtures.Plans;
import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static deployer.tests.fixtures.Plans.shell;
import static deployer.tests.fixtures.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refused host key through the real CLI on a real OpenSSH host: an unknown key and a changed key are two kinds
 * (HOST_KEY_UNKNOWN, HOST_KEY_MISMATCH), as OpenSSH tells them apart, each said once in our words with the SHA256
 * fingerprint as OpenSSH prints it — no line of sshj's internals (its verifier's object name, an MD5 fingerprint).
 */
@Tag("sshd")
class SshHostKeyMessagesTest {

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(1);

    @TempDir
    Path work;

    private CliProcess.Result deployWith(Path knownHosts) throws IOException {
        Path marker = work.resolve("ran");
        Path plan = SshPlans.tasklist(work.resolve("plan.json"), "Keys", List.of(
                stage("one", 1, List.of(shell(ssh.host(0).remoteHost(), "touch " + marker)))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"),
                ssh.clientConfigYaml().replace("known_hosts: " + ssh.knownHosts(), "known_hosts: " + knownHosts));
        return CliProcess.deploy(work.resolve("cli"), "--tasklist", plan.toString(), "--config", config.toString());
    }

    private static void saidOnceInOurWords(CliProcess.Result r) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.all()).as(r.all()).doesNotContain("HostKeyCheck@", "MD5", "Disconnecting because none", "net.schmizz");
        assertThat(r.all()).containsPattern("SHA256:[A-Za-z0-9+/]{43}");
    }

    @Test
    void anUnknownHostKeyIsItsOwnKindWithItsSha256Fingerprint() throws IOException {
        Path empty = Files.writeString(work.resolve("known_hosts"), "");
        CliProcess.Result r = deployWith(empty);
        saidOnceInOurWords(r);
        assertThat(r.stdout()).contains("HOST_KEY_UNKNOWN: the host key of ", "is not known: " + empty)
                .doesNotContain("HOST_KEY_MISMATCH");
        assertThat(work.resolve("ran")).doesNotExist();
    }

    @Test
    void aChangedHostKeyIsAMismatch() throws IOException {
        // The host's own entry, with another key in its place (the client's key: any key but the host's).
        String entry = Files.readAllLines(ssh.knownHosts()).get(0);
        String hostPart = entry.substring(0, entry.indexOf(' '));
        String otherKey = Files.readString(ssh.clientKey().resolveSibling(ssh.clientKey().getFileName() + ".pub")).strip();
        String[] k = otherKey.split(" ");
        Path changed = Files.writeString(work.resolve("known_hosts"), hostPart + " " + k[0] + " " + k[1] + "\n");
        CliProcess.Result r = deployWith(changed);
        saidOnceInOurWords(r);
        assertThat(r.stdout()).contains("HOST_KEY_MISMATCH: the host key of ", "has CHANGED").doesNotContain("HOST_KEY_UNKNOWN");
        assertThat(work.resolve("ran")).doesNotExist();
    }
}
