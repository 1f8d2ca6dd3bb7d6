package deployer.core.internal.host.ssh;

import deployer.core.config.ConfigLoader;
import deployer.core.model.HostAddress;
import deployer.core.model.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ssh_config as OpenSSH reads it, and how it combines with the deployer config and the task (never ~/.ssh/config). */
class OpenSshConfigTest {

    @TempDir
    Path dir;

    private OpenSshConfig read(String text) throws Exception {
        return OpenSshConfig.read(Files.writeString(dir.resolve("config"), text));
    }

    private static SshSettings settings(String yaml) throws InvalidInputException {
        return SshSettings.from(ConfigLoader.fromYaml("platform: test\n" + yaml, "deploy.yaml"));
    }

    @Test
    void theFirstValueOfEachDirectiveWinsAndIdentityFilesAddUp() throws Exception {
        OpenSshConfig c = read("""
                # specific first, general last, as ssh_config(5) advises
                Host web1
                  HostName 10.0.0.5
                  User alice
                  IdentityFile ~/.ssh/web
                Host web*
                  User bob
                  Port 2222
                Host *
                  Port 22
                  IdentityFile ~/.ssh/all
                  ConnectTimeout 7
                """);

        OpenSshConfig.HostEntry web1 = c.lookup("web1");
        assertThat(web1.hostName()).contains("10.0.0.5");
        assertThat(web1.user()).contains("alice");
        assertThat(web1.port()).contains(2222);
        assertThat(web1.identityFiles()).containsExactly("~/.ssh/web", "~/.ssh/all");
        assertThat(web1.connectTimeout()).contains(Duration.ofSeconds(7));
        assertThat(c.lookup("db1").port()).contains(22);
        assertThat(c.lookup("db1").user()).isEmpty();
    }

    @Test
    void patternsMatchWithStarQuestionMarkAndNegation() throws Exception {
        OpenSshConfig c = read("""
                Host *.prod !db?.prod
                  User deploy
                Host app-?? "quoted name"
                  Port 2200
                """);

        assertThat(c.lookup("web1.prod").user()).contains("deploy");
        assertThat(c.lookup("WEB1.PROD").user()).as("host names are case-insensitive").contains("deploy");
        assertThat(c.lookup("db1.prod").user()).as("negated").isEmpty();
        assertThat(c.lookup("db10.prod").user()).as("? is exactly one character").contains("deploy");
        assertThat(c.lookup("app-01").port()).contains(2200);
        assertThat(c.lookup("app-1").port()).isEmpty();
        assertThat(c.lookup("quoted name").port()).contains(2200);
    }

    @Test
    void keywordsAreCaseInsensitiveAndTakeEqualsSignsQuotesAndComments() throws Exception {
        OpenSshConfig c = read("""
                HOST=box
                  hostname = 127.0.0.9   # trailing comment
                  IdentityFile "/keys/with space"
                  StrictHostKeyChecking=accept-new
                  IdentitiesOnly yes
                  UserKnownHostsFile /tmp/kh /tmp/kh2
                """);

        OpenSshConfig.HostEntry box = c.lookup("box");
        assertThat(box.hostName()).contains("127.0.0.9");
        assertThat(box.identityFiles()).containsExactly("/keys/with space");
        assertThat(box.strictHostKeyChecking()).contains(StrictHostKeyChecking.ACCEPT_NEW);
        assertThat(box.identitiesOnly()).contains(true);
        assertThat(box.userKnownHostsFile()).contains("/tmp/kh");
    }

    @Test
    void includedFilesAreReadInPlaceRelativeToTheConfigsDirectory() throws Exception {
        Files.createDirectories(dir.resolve("config.d"));
        Files.writeString(dir.resolve("config.d/10-web"), "Host web1\n  User fromInclude\n");
        Files.writeString(dir.resolve("config.d/20-all"), "Host *\n  User fallback\n");
        OpenSshConfig c = read("Include config.d/*\nHost web1\n  User tooLate\n");

        assertThat(c.lookup("web1").user()).contains("fromInclude");
        assertThat(c.lookup("other").user()).contains("fallback");
    }

    @Test
    void badValuesAreErrorsNamingFileAndLine() throws Exception {
        assertThatThrownBy(() -> read("Host a\n  Port twenty\n  ConnectTimeout soon\n  ProxyJump jump:99999\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(dir.resolve("config") + ":2")
                .hasMessageContaining("Port must be a number from 1 to 65535, got 'twenty'")
                .hasMessageContaining(dir.resolve("config") + ":3")
                .hasMessageContaining(dir.resolve("config") + ":4")
                .hasMessageContaining("bad port '99999'");
        assertThatThrownBy(() -> read("Host a\n  User\n"))
                .hasMessageContaining(":2").hasMessageContaining("'User' needs a value");
    }

    @Test
    void linesOfAMatchBlockApplyToNoHostUntilTheNextHostBlock() throws Exception {
        OpenSshConfig c = read("""
                Match host web1 exec "true"
                  User fromMatch
                Host web1
                  User fromHost
                """);

        assertThat(c.lookup("web1").user()).contains("fromHost");
        assertThat(c.lookup("other").user()).isEmpty();
    }

    @Test
    void aMissingFileReadsAsEmpty() throws Exception {
        assertThat(OpenSshConfig.read(dir.resolve("nope")).lookup("any")).isEqualTo(OpenSshConfig.HostEntry.EMPTY);
    }

    /** Issue 20.3: as OpenSSH, {@code IdentityFile none} sets a host's key files to none: the ssh-agent's keys only. */
    @Test
    void identityFileNoneMeansNoKeyFilesAndNotTheDefaults() throws Exception {
        OpenSshConfig c = read("""
                Host agent-only
                  IdentityFile none
                Host mixed
                  IdentityFile none
                  IdentityFile /keys/mixed
                """);
        EndpointResolver r = new EndpointResolver(settings("ssh: {config_file: none}"), c);
        assertThat(r.target(HostAddress.parse("agent-only"), null).identityFiles()).isEmpty();
        assertThat(r.target(HostAddress.parse("mixed"), null).identityFiles()).containsExactly(Path.of("/keys/mixed"));
    }

    @Test
    void theTaskWinsThenTheDeployerConfigThenSshConfigThenTheDefaults() throws Exception {
        OpenSshConfig c = read("""
                Host web1
                  HostName 127.0.0.7
                  User fromSshConfig
                  Port 2201
                  IdentityFile /keys/web1
                  ConnectTimeout 4
                """);
        EndpointResolver noDeployerConfig = new EndpointResolver(settings("ssh: {config_file: none}"), c);
        EndpointResolver withDeployerConfig = new EndpointResolver(settings("""
                user: fromDeployerConfig
                ssh: {port: 2300, identity_files: [%s], connect_timeout: 9}
                """.formatted(Files.writeString(dir.resolve("deploy_key"), "k"))), c);

        Endpoint fromSshConfig = noDeployerConfig.target(HostAddress.parse("web1"), null);
        assertThat(fromSshConfig.target()).isEqualTo(new SshTarget("web1", "127.0.0.7", 2201, "fromSshConfig"));
        assertThat(fromSshConfig.identityFiles()).containsExactly(Path.of("/keys/web1"));
        assertThat(fromSshConfig.connectTimeout()).isEqualTo(Duration.ofSeconds(4));

        Endpoint configWins = withDeployerConfig.target(HostAddress.parse("web1"), null);
        assertThat(configWins.target()).isEqualTo(new SshTarget("web1", "127.0.0.7", 2300, "fromDeployerConfig"));
        assertThat(configWins.identityFiles()).containsExactly(dir.resolve("deploy_key"));
        assertThat(configWins.connectTimeout()).isEqualTo(Duration.ofSeconds(9));

        Endpoint taskWins = withDeployerConfig.target(HostAddress.parse("web1:2400"), "fromTask");
        assertThat(taskWins.target()).isEqualTo(new SshTarget("web1:2400", "127.0.0.7", 2400, "fromTask"));

        Endpoint defaults = noDeployerConfig.target(HostAddress.parse("other"), null);
        assertThat(defaults.target()).isEqualTo(new SshTarget("other", "other", 22, System.getProperty("user.name")));
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void jumpHostsComeFromProxyJumpAsChainsAndAreReachedAsTheirOwnBlocksSay() throws Exception {
        OpenSshConfig c = read("""
                Host outer
                  User gate
                  Port 2022
                Host inner
                  ProxyJump outer
                Host *.internal
                  ProxyJump ops@inner:2200,second
                """);
        EndpointResolver r = new EndpointResolver(settings("user: deploy\nssh: {config_file: none}"), c);

        Endpoint app = r.target(HostAddress.parse("app.internal"), null);
        assertThat(app.target().user()).isEqualTo("deploy");
        Endpoint second = app.via();
        assertThat(second.target()).isEqualTo(new SshTarget("second", "second", 22, "deploy"));
        Endpoint inner = second.via();
        assertThat(inner.target()).isEqualTo(new SshTarget("inner:2200", "inner", 2200, "ops"));
        Endpoint outer = inner.via();
        assertThat(outer.target()).as("the first hop's own ProxyJump, reached as its block says")
                .isEqualTo(new SshTarget("outer", "outer", 2022, "gate"));
        assertThat(outer.via()).isNull();
        assertThat(app.describe()).endsWith("via deploy@second:22");
    }

    @Test
    void theDeployerConfigsProxyJumpWinsAndNoneTurnsItOff() throws Exception {
        OpenSshConfig c = read("Host *\n  ProxyJump fromSshConfig\n");

        Endpoint configured = new EndpointResolver(settings("ssh: {proxy_jump: 'j@bastion:2222'}"), c)
                .target(HostAddress.parse("web1"), null);
        assertThat(configured.via().target()).isEqualTo(new SshTarget("bastion:2222", "bastion", 2222, "j"));
        assertThat(new EndpointResolver(settings("ssh: {proxy_jump: none}"), c).target(HostAddress.parse("web1"), null).via())
                .isNull();
        assertThatThrownBy(() -> settings("ssh: {proxy_jump: 'a@'}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ssh.proxy_jump");
    }

    @Test
    void proxyJumpValuesParseAsOpenSshWritesThem() {
        assertThat(ProxyJump.parse("none")).isEmpty();
        assertThat(ProxyJump.parse("a,u@b:2,ssh://v@c:3,[::1]:4").orElseThrow().hops()).containsExactly(
                new ProxyJump.Hop(Optional.empty(), "a", Optional.empty()),
                new ProxyJump.Hop(Optional.of("u"), "b", Optional.of(2)),
                new ProxyJump.Hop(Optional.of("v"), "c", Optional.of(3)),
                new ProxyJump.Hop(Optional.empty(), "::1", Optional.of(4)));
        assertThat(List.of("a,,b", "u@", "host:x")).allSatisfy(bad ->
                assertThatThrownBy(() -> ProxyJump.parse(bad)).isInstanceOf(IllegalArgumentException.class));
    }
}
