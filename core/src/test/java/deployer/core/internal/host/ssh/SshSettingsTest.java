package deployer.core.internal.host.ssh;

import deployer.core.config.Config;
import deployer.core.config.ConfigLoader;
import deployer.core.internal.host.HostPool;
import deployer.core.model.HostAddress;
import deployer.core.model.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ssh settings read from the config, in OpenSSH's conventions, and the errors for bad values. */
class SshSettingsTest {

    @TempDir
    Path dir;

    private static Config config(String yaml) throws InvalidInputException {
        return ConfigLoader.fromYaml("platform: test\n" + yaml, "deploy.yaml");
    }

    @Test
    void defaultsFollowOpenSsh() throws Exception {
        SshSettings s = SshSettings.from(config(""));

        assertThat(s.defaultUser()).isEqualTo(System.getProperty("user.name"));
        assertThat(s.defaultPort()).isEqualTo(22);
        assertThat(s.knownHosts()).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
        assertThat(s.strictHostKeyChecking()).isEqualTo(StrictHostKeyChecking.YES);
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.keepaliveInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.maxSessions()).isEqualTo(10);
        assertThat(s.dnsSuffix()).isNull();
        assertThat(s.identityFiles()).allSatisfy(p -> assertThat(p.getFileName().toString()).isIn("id_ed25519", "id_ecdsa", "id_rsa"));
    }

    @Test
    void readsEveryKey() throws Exception {
        Path key = Files.writeString(dir.resolve("deploy_key"), "not parsed until a host is used");
        SshSettings s = SshSettings.from(config("""
                user: deploy
                dns_suffix: .example.com
                ssh:
                  port: 2222
                  identity_files: [%s]
                  known_hosts: %s
                  strict_host_key_checking: accept-new
                  connect_timeout: 3
                  keepalive_interval: 0
                  max_sessions: 20
                  config_file: %s
                  proxy_jump: jump@bastion:2022
                  identities_only: true
                """.formatted(key, dir.resolve("kh"), Files.writeString(dir.resolve("ssh_config"), ""))));

        assertThat(s).isEqualTo(new SshSettings("deploy", 2222, List.of(key), dir.resolve("kh"),
                StrictHostKeyChecking.ACCEPT_NEW, Duration.ofSeconds(3), Duration.ZERO, 20, "example.com",
                dir.resolve("ssh_config"), "jump@bastion:2022", true, SshSettings.OVERRIDABLE, SshSettings.DEFAULT_MAX_PARALLEL_CONNECTS));
    }

    @Test
    void theSshClientConfigIsHomesUnlessSetOrTurnedOff() throws Exception {
        assertThat(SshSettings.from(config("")).sshConfigFile())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".ssh", "config"));
        assertThat(SshSettings.from(config("ssh: {config_file: none}")).sshConfigFile()).isNull();
        assertThat(SshSettings.from(config("")).explicit()).isEmpty();
        assertThatThrownBy(() -> SshSettings.from(config("ssh: {config_file: " + dir.resolve("missing") + "}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ssh.config_file").hasMessageContaining("does not exist");
    }

    @Test
    void bareYesAndNoInYamlMeanWhatTheySay() throws Exception {
        assertThat(SshSettings.from(config("ssh: {strict_host_key_checking: no}")).strictHostKeyChecking())
                .isEqualTo(StrictHostKeyChecking.NO);
        assertThat(SshSettings.from(config("ssh: {strict_host_key_checking: yes}")).strictHostKeyChecking())
                .isEqualTo(StrictHostKeyChecking.YES);
    }

    @Test
    void aBadValueIsAnErrorAtItsLocation() {
        assertThatThrownBy(() -> SshSettings.from(config("ssh:\n  strict_host_key_checking: ask\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("deploy.yaml:3")
                .hasMessageContaining("ssh.strict_host_key_checking")
                .hasMessageContaining("expected yes, accept-new or no, got 'ask'");
        assertThatThrownBy(() -> SshSettings.from(config("ssh:\n  port: 70000\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("deploy.yaml:3")
                .hasMessageContaining("ssh.port");
        assertThatThrownBy(() -> SshSettings.from(config("ssh:\n  connect_timeout: soon\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ssh.connect_timeout")
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> SshSettings.from(config("ssh:\n  max_sessions: 1\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ssh.max_sessions");
    }

    /** Issue 20.3: an empty list is OpenSSH's {@code IdentityFile none}: no key files, the ssh-agent only. */
    @Test
    void noIdentityFilesMeansTheAgentOnly() throws Exception {
        SshSettings s = SshSettings.from(config("ssh:\n  identity_files: []\n"));
        assertThat(s.identityFiles()).isEmpty();
        assertThat(s.isExplicit("identity_files")).isTrue();
        assertThatThrownBy(() -> SshSettings.from(config("ssh:\n  identity_files: []\n  identities_only: true\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("deploy.yaml:4:3 ssh.identities_only")
                .hasMessageContaining("no key would be left to log in with");
    }

    /** Issue 26.20: files the config names are relative to the config's directory, not to the current one. */
    @Test
    void relativeFilesAreRelativeToTheConfigsDirectory() throws Exception {
        Path confDir = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(confDir.resolve("ssh_config"), "Host *\n  Port 2222\n");
        Files.writeString(confDir.resolve("key"), "k");
        Path file = Files.writeString(confDir.resolve("deploy.yaml"),
                "platform: test\nssh: {config_file: ssh_config, identity_files: [key], known_hosts: kh}\n");
        SshSettings s = SshSettings.from(ConfigLoader.load(file));
        assertThat(s.sshConfigFile()).isEqualTo(confDir.resolve("ssh_config"));
        assertThat(s.identityFiles()).containsExactly(confDir.resolve("key"));
        assertThat(s.knownHosts()).isEqualTo(confDir.resolve("kh"));
    }

    @Test
    void aMissingIdentityFileIsAnError() {
        assertThatThrownBy(() -> SshSettings.from(config("ssh:\n  identity_files: [" + dir.resolve("nope") + "]\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ssh.identity_files")
                .hasMessageContaining("nope");
    }

    @Test
    void theDnsSuffixQualifiesOnlyShortHostNames() throws Exception {
        SshSettings s = SshSettings.from(config("dns_suffix: example.com"));

        assertThat(s.qualify("be001")).isEqualTo("be001.example.com");
        assertThat(s.qualify("be001.dc1")).isEqualTo("be001.dc1.example.com");
        assertThat(s.qualify("be001.example.com")).isEqualTo("be001.example.com");
        assertThat(s.qualify("a.b.c.d")).isEqualTo("a.b.c.d");
        assertThat(s.qualify("10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(s.qualify("fe80::1")).isEqualTo("fe80::1");
        assertThat(s.qualify("localhost")).isEqualTo("localhost");
    }

    @Test
    void aTasksOwnUserAndPortWinOverTheConfig() throws Exception {
        SshConnector connector = new SshConnector(SshSettings.from(config("user: deploy\ndns_suffix: example.com\nssh: {port: 2200}")));

        assertThat(connector.create(HostAddress.parse("be001"), null).target())
                .isEqualTo(new SshTarget("be001", "be001.example.com", 2200, "deploy"));
        assertThat(connector.create(HostAddress.parse("be001:2222"), "ops").target())
                .isEqualTo(new SshTarget("be001:2222", "be001.example.com", 2222, "ops"));
    }

    @Test
    void theRunsHostPoolReachesSshHostsWithoutConnecting() throws Exception {
        try (HostPool pool = RemoteConnectors.hostPool(config("user: deploy\nssh: {config_file: none}"))) {
            assertThat(pool.supportsRemoteHosts()).isTrue();
            assertThat(pool.host(HostAddress.parse("be001"), null)).isInstanceOf(SshHost.class);
            assertThat(pool.host(HostAddress.parse("be001"), null)).isSameAs(pool.host(HostAddress.parse("be001"), null));
        }
    }

    @Test
    void theRunsHostPoolRejectsBadSshSettings() {
        assertThatThrownBy(() -> RemoteConnectors.hostPool(config("ssh: {keepalive_interval: -1}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ssh.keepalive_interval");
    }
}
