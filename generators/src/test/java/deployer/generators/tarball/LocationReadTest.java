package deployer.generators.tarball;

import deployer.core.config.ConfigLoader;
import deployer.core.internal.host.LocalHost;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import deployer.core.spi.HostFailures;
import deployer.core.spi.Hosts;
import deployer.core.spi.RemoteHost;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What planning reads of one install location, on a real local host: every service's link, release directories and
 * history in one command, the histories exactly as on disk, and a host that cannot be read an error naming what.
 */
class LocationReadTest {

    @TempDir
    Path root;
    Path srv;
    TarballConfig config;
    final List<String> commands = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        srv = Files.createDirectories(root.resolve("srv"));
        Path f = root.resolve("c.yaml");
        Files.writeString(f, """
                platform: tarball
                hostgroup:
                  g: [local:h1]
                service:
                  web: {hostgroups: [g], install_location: %1$s}
                  web_api: {hostgroups: [g], install_location: %1$s}
                  db: {hostgroups: [g], install_location: %1$s}
                """.formatted(srv));
        config = TarballConfig.read(ConfigLoader.load(f));
    }

    @Test
    void everyServiceOfAnInstallLocationIsReadInOneCommandWithItsHistoryAsWritten() throws Exception {
        long t = 1_700_000_000_000L;
        for (String d : List.of("web_1.0", "web_api_9.9", "web_2.0", "db_7")) {
            Files.setLastModifiedTime(Files.createDirectories(srv.resolve(d)), FileTime.fromMillis(t += 60_000));
        }
        Files.createSymbolicLink(srv.resolve("web"), srv.resolve("web_2.0"));
        Files.createSymbolicLink(srv.resolve("web_api"), srv.resolve("web_api_9.9"));
        Files.writeString(srv.resolve(".web.history"), "first\nno final newline");
        // Lines that look like the markers of an older reader, and an empty history: neither ends a part early.
        Files.writeString(srv.resolve(".web_api.history"), "--deployer-no-history--\n--deployer-end-of-releases--\n\n");
        Files.writeString(srv.resolve(".db.history"), "");

        Map<InstalledReleases.Probe, InstalledReleases.Installed> read = read();

        assertThat(commands).as("one command for the three services of the location").hasSize(1);
        InstalledReleases.Installed web = read.get(probe("web"));
        assertThat(web.current()).isEqualTo("2.0");
        assertThat(web.releases()).containsExactly("2.0", "1.0");
        assertThat(web.history()).isEqualTo("first\nno final newline");
        InstalledReleases.Installed api = read.get(probe("web_api"));
        assertThat(api.current()).isEqualTo("9.9");
        assertThat(api.releases()).containsExactly("9.9");
        assertThat(api.history()).isEqualTo("--deployer-no-history--\n--deployer-end-of-releases--\n\n");
        InstalledReleases.Installed db = read.get(probe("db"));
        assertThat(db.current()).as("no link: nothing current").isNull();
        assertThat(db.releases()).containsExactly("7");
        assertThat(db.history()).as("an empty file is an empty history, not none").isEmpty();
    }

    @Test
    void aServiceWithoutHistoryFileHasNoneAndTheOthersStillTheirs() throws Exception {
        Files.writeString(srv.resolve(".db.history"), "x\n");

        Map<InstalledReleases.Probe, InstalledReleases.Installed> read = read();

        assertThat(read.get(probe("web")).history()).isNull();
        assertThat(read.get(probe("web_api")).history()).isNull();
        assertThat(read.get(probe("db")).history()).isEqualTo("x\n");
        assertThat(read.get(probe("web")).releases()).isEmpty();
    }

    @Test
    void aHistoryFileThatExistsButCannotBeReadFailsTheReadNamingIt() throws Exception {
        // A directory where the file should be: cat fails even for root, as an unreadable file does for anyone else.
        Files.createDirectories(srv.resolve(".web_api.history"));

        assertThatThrownBy(this::read).isInstanceOf(HostException.class)
                .hasMessageContaining("cannot list the releases " + srv + "/web_api_* or read " + srv + "/.web_api.history")
                .hasMessageContaining("Is a directory")
                .satisfies(e -> assertThat(((HostException) e).host()).isEqualTo("local:h1"));
    }

    @Test
    void aLinkThatIsNotASymlinkIsStillTheLinksError() throws Exception {
        Files.createDirectories(srv.resolve("db"));

        assertThatThrownBy(this::read).isInstanceOf(HostException.class)
                .hasMessageContaining(srv + "/db exists but is not a symlink");
    }

    @Test
    void aHostThatCannotBeReachedIsAnErrorNotNothingInstalled() throws Exception {
        Hosts down = (address, user) -> new Recording(new LocalHost(address.key())) {
            @Override
            public ExecResult execute(String commandLine, ExecOptions options) throws HostException {
                throw new HostException(FailureReason.UNREACHABLE, address.key(), "connect: no route to host");
            }
        };
        List<InstalledReleases.Probe> probes = probes();
        assertThatThrownBy(() -> new InstalledReleases(down, config.services().keySet()).read(probes))
                .isInstanceOf(HostException.class)
                .satisfies(e -> assertThat(((HostException) e).reason()).isEqualTo(FailureReason.UNREACHABLE));
    }

    @Test
    void everyHostThatCannotBeReadIsNamedWithItsReasonNotOnlyTheFirst() throws Exception {
        Path f = root.resolve("three.yaml");
        Files.writeString(f, """
                platform: tarball
                hostgroup:
                  g: [local:h1, local:h2, local:h3, local:h4]
                service:
                  web: {hostgroups: [g], install_location: "%s/{hostname}"}
                """.formatted(srv));
        TarballConfig three = TarballConfig.read(ConfigLoader.load(f));
        for (String h : List.of("h1", "h2", "h3", "h4")) {
            Files.createDirectories(srv.resolve(h));
        }
        // h3's history file is a directory: cat fails there (a real shell on a real local host), and says why on stderr.
        Files.createDirectories(srv.resolve("h3/.web.history"));
        Hosts hosts = (address, user) -> new Recording(new LocalHost(address.key())) {
            @Override
            public ExecResult execute(String commandLine, ExecOptions options) throws HostException, InterruptedException {
                return switch (address.key()) {
                    case "local:h1" -> throw new HostException(FailureReason.UNREACHABLE, address.key(), "cannot connect to h1: connection refused");
                    case "local:h4" -> throw new HostException(FailureReason.AUTHENTICATION, address.key(), "cannot connect to h4: the server refused every key");
                    default -> super.execute(commandLine, options);
                };
            }
        };
        ServiceSpec web = three.services().get("web");
        List<InstalledReleases.Probe> probes = new ArrayList<>();
        for (TargetHost h : web.hosts()) {
            probes.add(new InstalledReleases.Probe(web, h, HostPaths.of(three, web, h), null));
        }

        assertThatThrownBy(() -> new InstalledReleases(hosts, three.services().keySet()).read(probes))
                .isInstanceOf(HostFailures.class)
                .hasMessage("3 of 4 hosts could not be read for planning")
                .satisfies(e -> {
                    List<HostException> failures = ((HostFailures) e).failures();
                    assertThat(failures).extracting(HostException::host).containsExactly("local:h1", "local:h3", "local:h4");
                    assertThat(failures).extracting(HostException::reason)
                            .containsExactly(FailureReason.UNREACHABLE, FailureReason.COMMAND_ERROR, FailureReason.AUTHENTICATION);
                    assertThat(failures.get(1)).hasMessageContaining("read " + srv + "/h3/.web.history").hasMessageContaining("Is a directory");
                    // The first failure stays what a caller of one host's failure reads.
                    assertThat(((HostException) e).host()).isEqualTo("local:h1");
                    assertThat(((HostException) e).reason()).isEqualTo(FailureReason.UNREACHABLE);
                });
        assertThat(commands).as("h2 and h3 ran their read (h1 and h4 failed before running anything)").hasSize(2);
    }

    private Map<InstalledReleases.Probe, InstalledReleases.Installed> read() throws Exception {
        Hosts hosts = (address, user) -> new Recording(new LocalHost(address.key()));
        return new InstalledReleases(hosts, config.services().keySet()).read(probes());
    }

    private List<InstalledReleases.Probe> probes() throws Exception {
        List<InstalledReleases.Probe> probes = new ArrayList<>();
        for (String service : config.services().keySet()) {
            probes.add(probe(service));
        }
        return probes;
    }

    private InstalledReleases.Probe probe(String service) throws Exception {
        ServiceSpec s = config.services().get(service);
        TargetHost h = s.hosts().get(0);
        return new InstalledReleases.Probe(s, h, HostPaths.of(config, s, h), null);
    }

    /** A real local host that records the command lines it runs. */
    private class Recording implements RemoteHost {
        private final RemoteHost host;

        Recording(RemoteHost host) {
            this.host = host;
        }

        @Override
        public String name() {
            return host.name();
        }

        @Override
        public ExecResult execute(String commandLine, ExecOptions options) throws HostException, InterruptedException {
            synchronized (commands) {
                commands.add(commandLine);
            }
            return host.execute(commandLine, options);
        }

        @Override
        public void put(Path localFile, String remotePath) throws HostException, InterruptedException {
            host.put(localFile, remotePath);
        }

        @Override
        public void get(String remotePath, Path localFile) throws HostException, InterruptedException {
            host.get(remotePath, localFile);
        }

        @Override
        public boolean exists(String remotePath) throws HostException, InterruptedException {
            return host.exists(remotePath);
        }

        @Override
        public void close() {
            host.close();
        }
    }
}
