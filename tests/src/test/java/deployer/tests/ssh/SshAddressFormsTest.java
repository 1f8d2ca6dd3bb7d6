package deployer.tests.ssh;

import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code remote_host: user@host:port} against a real OpenSSH server: the user in the address is the login, though
 * the config names none (the default would be the controller's own user, root, whom this sshd also lets in), and a
 * {@code remote_user} that says otherwise is refused before any connection.
 */
@Tag("sshd")
class SshAddressFormsTest {

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(1);

    @TempDir
    Path work;

    /** The test servers' client settings without their {@code user:} line. */
    private Path configWithoutUser() throws Exception {
        String yaml = ssh.clientConfigYaml().lines().filter(l -> !l.startsWith("user:")).reduce("", (a, b) -> a + b + "\n");
        assertThat(yaml).contains("identity_files").doesNotContain("user:");
        return SshPlans.config(work.resolve("ssh.yaml"), yaml);
    }

    private String address() {
        return ssh.user() + "@" + ssh.host(0).address() + ":" + ssh.host(0).port();
    }

    @Test
    void theUserInTheAddressLogsIn() throws Exception {
        Path records = ssh.writableDir("whoami-" + System.nanoTime());
        Path plan = SshPlans.tasklist(work.resolve("plan.json"), "as user", List.of(SshPlans.stage("who", 1, 1,
                List.of(SshPlans.task(address(), "id -un > " + records.resolve("whoami"))))));
        int loginsBefore = ssh.logins(0);

        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "--config", configWithoutUser().toString(), "--tasklist", plan.toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(Files.readString(records.resolve("whoami")).trim()).isEqualTo(OpenSshServers.USER);
        assertThat(ssh.logins(0)).as("sshd logged a login of " + OpenSshServers.USER).isGreaterThan(loginsBefore);
        assertThat(r.stderr()).contains("[" + address() + "]");
    }

    @Test
    void aRemoteUserContradictingTheAddressIsRefusedBeforeAnyConnection() throws Exception {
        Map<String, Object> task = SshPlans.task(address(), "touch " + work.resolve("ran"));
        task.put("remote_user", "root");
        Path plan = SshPlans.tasklist(work.resolve("plan.json"), "contradiction", List.of(SshPlans.stage("who", 1, 1, List.of(task))));
        int connectionsBefore = ssh.connections(0);

        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "--config", configWithoutUser().toString(), "--tasklist", plan.toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("task 1.1: remote_user 'root' contradicts the user '" + ssh.user() + "' in remote_host '"
                + address() + "'; give the login user once");
        assertThat(work.resolve("ran")).doesNotExist();
        assertThat(ssh.connections(0)).as("validation connects nowhere").isEqualTo(connectionsBefore);
    }

    /** Over SSH as locally: the line reaches the host, its debug log line is masked. */
    @Test
    void aSensitiveLineSentOverSshIsMaskedAtDebug() throws Exception {
        String secret = "Garnet-OverSsh-19mb";
        Path records = ssh.writableDir("secret-" + System.nanoTime());
        Map<String, Object> task = SshPlans.task(address(), "printf %s " + secret + " > " + records.resolve("got"));
        task.put("sensitive", List.of("shell"));
        Path plan = SshPlans.tasklist(work.resolve("plan.json"), "secret over ssh", List.of(SshPlans.stage("s", 1, 1, List.of(task))));

        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "--config", configWithoutUser().toString(),
                "--tasklist", plan.toString(), "-d");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(records.resolve("got")).hasContent(secret);
        assertThat(r.stderr()).contains("Running: ********").doesNotContain(secret);
        assertThat(r.stdout()).doesNotContain(secret);
    }
}
