package deployer.tests.ssh;

import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys as real fleets keep them, against a real sshd: an ed25519 key encrypted with a passphrase (from the
 * environment, from a file, or wrong), and a key that exists only inside a real {@code ssh-agent}.
 */
@Tag("sshd")
@Timeout(120)
class SshKeysTest {

    private static final String PASSPHRASE = "correct horse battery staple";

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(1);

    @TempDir
    static Path keys;
    @TempDir
    Path work;
    static Path encrypted;
    /** A key the server does not know: offered first, so only the key under test can log in. */
    static Path stranger;

    @BeforeAll
    static void keys() throws Exception {
        encrypted = keys.resolve("id_encrypted");
        run(Map.of(), "ssh-keygen", "-q", "-t", "ed25519", "-N", PASSPHRASE, "-C", "encrypted", "-f", encrypted.toString());
        ssh.authorize(Path.of(encrypted + ".pub"));
        stranger = keys.resolve("id_stranger");
        run(Map.of(), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "stranger", "-f", stranger.toString());
    }

    private CliProcess.Result deploy(Map<String, String> env, String sshYaml) throws Exception {
        Path tasklist = SshPlans.tasklist(work.resolve("plan.json"), "keys",
                List.of(SshPlans.stage("Keys", 1, 1, List.of(SshPlans.task(ssh.host(0).remoteHost(), "echo logged in as $(id -un)")))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), "user: " + ssh.user() + "\n"
                + "ssh:\n"
                + "  known_hosts: " + ssh.knownHosts() + "\n"
                + "  config_file: none\n"
                + sshYaml);
        return CliProcess.deploy(work.resolve("cli"), env, "--config", config.toString(), "--tasklist", tasklist.toString());
    }

    @Test
    void anEncryptedKeyOpensWithThePassphraseFromTheEnvironment() throws Exception {
        CliProcess.Result run = deploy(Map.of("DEPLOYER_SSH_PASSPHRASE", PASSPHRASE),
                "  identity_files: [" + stranger + ", " + encrypted + "]\n");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stderr()).contains("logged in as " + ssh.user());
        assertThat(run.all()).doesNotContain(PASSPHRASE);
    }

    @Test
    void anEncryptedKeyOpensWithThePassphraseFromAFile() throws Exception {
        Path file = Files.writeString(work.resolve("passphrase"), PASSPHRASE + "\n");

        CliProcess.Result run = deploy(Map.of(), "  identity_files: [" + encrypted + "]\n  passphrase_file: " + file + "\n");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stderr()).contains("logged in as " + ssh.user());
    }

    @Test
    void aWrongPassphraseFailsTheHostNamingTheKeyAndNeverShowsThePassphrase() throws Exception {
        CliProcess.Result run = deploy(Map.of("DEPLOYER_SSH_PASSPHRASE", "not the passphrase"),
                "  identity_files: [" + encrypted + "]\n");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.all()).contains("AUTHENTICATION", encrypted.toString(), "wrong passphrase")
                .doesNotContain("not the passphrase");
    }

    @Test
    void anEncryptedKeyWithoutAPassphraseSaysHowToGiveOne() throws Exception {
        CliProcess.Result run = deploy(Map.of(), "  identity_files: [" + encrypted + "]\n");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.all()).contains("AUTHENTICATION", encrypted.toString(), "passphrase-protected",
                "DEPLOYER_SSH_PASSPHRASE");
    }

    @Test
    void aKeyHeldOnlyByARealSshAgentLogsIn() throws Exception {
        try (Agent agent = Agent.start(work, "ed25519")) {
            CliProcess.Result viaAgent = deploy(Map.of("SSH_AUTH_SOCK", agent.socket.toString()),
                    "  identity_files: [" + stranger + "]\n");
            assertThat(viaAgent.exitCode()).as(viaAgent.all()).isZero();
            assertThat(viaAgent.stderr()).contains("logged in as " + ssh.user());
            assertThat(ssh.log(0)).contains("Accepted publickey for " + ssh.user()).contains(agent.fingerprint);

            CliProcess.Result identitiesOnly = deploy(Map.of("SSH_AUTH_SOCK", agent.socket.toString()),
                    "  identity_files: [" + stranger + "]\n  identities_only: true\n");
            assertThat(identitiesOnly.exitCode()).as("agent keys are not offered under identities_only").isEqualTo(1);
            assertThat(identitiesOnly.all()).contains("AUTHENTICATION");
        }
    }

    /** Issue 20.3: {@code identity_files: []} and ssh_config's {@code IdentityFile none} mean the agent's keys only. */
    @Test
    void noIdentityFilesMeansTheAgentOnlyInTheConfigAndInSshConfig() throws Exception {
        try (Agent agent = Agent.start(work, "ed25519")) {
            CliProcess.Result empty = deploy(Map.of("SSH_AUTH_SOCK", agent.socket.toString()), "  identity_files: []\n");
            assertThat(empty.exitCode()).as(empty.all()).isZero();
            assertThat(empty.stderr()).contains("logged in as " + ssh.user());
            assertThat(ssh.log(0)).contains("Accepted publickey for " + ssh.user()).contains(agent.fingerprint);

            Path sshConfig = Files.writeString(work.resolve("ssh_config"), "Host *\n  IdentityFile none\n");
            Path tasklist = SshPlans.tasklist(work.resolve("plan2.json"), "keys",
                    List.of(SshPlans.stage("Keys", 1, 1, List.of(SshPlans.task(ssh.host(0).remoteHost(), "echo via none as $(id -un)")))));
            Path config = SshPlans.config(work.resolve("none.yaml"), "user: " + ssh.user() + "\n"
                    + "ssh:\n  known_hosts: " + ssh.knownHosts() + "\n  config_file: ssh_config\n");
            CliProcess.Result none = CliProcess.deploy(work.resolve("cli2"), Map.of("SSH_AUTH_SOCK", agent.socket.toString()),
                    "--config", config.toString(), "--tasklist", tasklist.toString());
            assertThat(none.exitCode()).as(none.all()).isZero();
            assertThat(none.stderr()).contains("via none as " + ssh.user());
        }
    }

    @Test
    void anRsaKeyInTheAgentSignsWithSha2() throws Exception {
        // OpenSSH 8.8+ refuses ssh-rsa (SHA-1) signatures: the agent must be asked for rsa-sha2-256.
        try (Agent agent = Agent.start(work, "rsa")) {
            CliProcess.Result viaAgent = deploy(Map.of("SSH_AUTH_SOCK", agent.socket.toString()),
                    "  identity_files: [" + stranger + "]\n");
            assertThat(viaAgent.exitCode()).as(viaAgent.all()).isZero();
            assertThat(ssh.log(0)).containsPattern("Accepted publickey for " + ssh.user() + " .*: RSA " + java.util.regex.Pattern.quote(agent.fingerprint));
        }
    }

    /** A real ssh-agent holding one new key that exists nowhere else (its files are deleted once added). */
    private record Agent(Process process, Path socket, String fingerprint) implements AutoCloseable {
        static Agent start(Path work, String type) throws Exception {
            Path dir = Files.createTempDirectory(work, "agent");
            Path socket = dir.resolve("agent.sock");
            Path key = dir.resolve("id_agent_only");
            run(Map.of(), "ssh-keygen", "-q", "-t", type, "-N", "", "-C", "agent-only", "-f", key.toString());
            ssh.authorize(Path.of(key + ".pub"));
            String fingerprint = run(Map.of(), "ssh-keygen", "-l", "-f", key + ".pub").split("\\s+")[1];
            Process p = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
            Agent agent = new Agent(p, socket, fingerprint);
            try {
                awaitListening(socket, Duration.ofSeconds(10));
                run(Map.of("SSH_AUTH_SOCK", socket.toString()), "ssh-add", key.toString());
                Files.delete(key);
                Files.delete(Path.of(key + ".pub"));
                return agent;
            } catch (Exception | AssertionError e) {
                agent.close();
                throw e;
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitListening(Path socket, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(socket));
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("ssh-agent did not listen on " + socket + " within " + timeout);
    }

    private static String run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
