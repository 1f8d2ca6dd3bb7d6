package deployer.generators.tarball;

import deployer.core.config.Config;
import deployer.core.config.ConfigLoader;
import deployer.core.internal.host.HostPool;
import deployer.core.model.HostAddress;
import deployer.core.model.InputFileException;
import deployer.core.model.InvalidInputException;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.GeneratorContext;
import deployer.core.spi.HostException;
import deployer.core.spi.RemoteHost;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad configs, packages and options: each is refused before anything runs, saying where and what was expected. */
class TarballErrorsTest {

    @TempDir
    Path root;
    TarballFixture fx;

    @BeforeEach
    void setUp() {
        fx = new TarballFixture(root);
    }

    private Path write(String yaml) throws Exception {
        Path f = root.resolve("bad.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private InvalidInputException generateFails(String yaml, Map<String, Object> typed) throws Exception {
        Config c = ConfigLoader.load(write(yaml)).withCommandLine(typed);
        fx.pkg("web_1.0.tar.gz");
        try {
            fx.generate(c);
        } catch (InvalidInputException e) {
            return e;
        }
        throw new AssertionError("expected an invalid input error");
    }

    private static final String GOOD = """
            platform: tarball
            hostgroup:
              web: [local:web1, local:web2]
            service:
              web:
                hostgroups: [web]
                install_location: /srv/{hostname}
            """;

    @Test
    void missingInstallLocationIsReportedAtTheService() throws Exception {
        InvalidInputException e = generateFails("""
                platform: tarball
                hostgroup:
                  web: [local:web1]
                service:
                  web:
                    hostgroups: [web]
                """, Map.of());
        assertThat(e.getMessage()).startsWith(root.resolve("bad.yaml") + ":5:").contains("service.web", "needs install_location");
    }

    /** One run names every bad host group and service, not only the first. */
    @Test
    void problemsOfSeveralServicesAndHostGroupsAreReportedTogether() throws Exception {
        InvalidInputException e = generateFails("""
                platform: tarball
                hostgroup:
                  web: [local:web1]
                  empty: []
                service:
                  web:
                    hostgroups: [webz]
                    install_location: /srv
                  api:
                    hostgroups: [web, empty]
                    install_location: srv
                deployment_order: [web, api, db]
                """, Map.of());
        assertThat(e.problems()).hasSize(4);
        assertThat(e.getMessage()).contains("bad.yaml:4:", "host group 'empty' has no hosts")
                .contains("bad.yaml:7:", "unknown host group 'webz'")
                .contains("bad.yaml:11:", "expected an absolute path")
                .contains("bad.yaml:12:", "unknown service 'db'");
    }

    @Test
    void everyProblemOfOneServiceIsReportedTogether() throws Exception {
        InvalidInputException e = generateFails(GOOD.replace("hostgroups: [web]", "hostgroups: [web, webz]").replace("/srv/{hostname}", "srv")
                + "    unpack_dir: tmp\n    enabled_on_hosts: [local:web9]\n    start_command: run {service}\n", Map.of());
        assertThat(e.problems()).extracting(Object::toString).satisfiesExactly(
                p -> assertThat(p).contains("bad.yaml:6:", "unknown host group 'webz'"),
                p -> assertThat(p).contains("bad.yaml:7:", "install_location", "expected an absolute path"),
                p -> assertThat(p).contains("bad.yaml:8:", "unpack_dir", "expected an absolute path"),
                p -> assertThat(p).contains("bad.yaml:9:", "'local:web9' is not a host of service 'web'"),
                p -> assertThat(p).contains("bad.yaml:10:", "unknown placeholder {service}"));
    }

    @Test
    void unknownHostgroupListsTheKnownOnes() throws Exception {
        InvalidInputException e = generateFails(GOOD.replace("hostgroups: [web]", "hostgroups: [webz]"), Map.of());
        assertThat(e.getMessage()).contains("bad.yaml:6:", "unknown host group 'webz'", "known host groups: web");
    }

    @Test
    void unknownPlaceholderInATemplateIsReportedAtItsLine() throws Exception {
        InvalidInputException e = generateFails(GOOD + "    start_command: run {service}\n", Map.of());
        assertThat(e.getMessage()).contains("bad.yaml:8:", "unknown placeholder {service}", "{servicename}");
    }

    @Test
    void unknownPlaceholderInAPathIsReported() throws Exception {
        InvalidInputException e = generateFails(GOOD.replace("/srv/{hostname}", "/srv/{host}"), Map.of());
        assertThat(e.getMessage()).contains("bad.yaml:7:", "unknown placeholder {host}", "{hostname} and {shorthostname}");
    }

    @Test
    void relativeInstallLocationIsRefused() throws Exception {
        InvalidInputException e = generateFails(GOOD.replace("/srv/{hostname}", "srv"), Map.of());
        assertThat(e.getMessage()).contains("bad.yaml:7:", "expected an absolute path");
    }

    @Test
    void minNodesUpThatLeavesNoHostToRestartIsRefused() throws Exception {
        InvalidInputException e = generateFails(GOOD + "    min_nodes_up: 2\n", Map.of());
        assertThat(e.getMessage()).contains("bad.yaml:8:", "min_nodes_up 2 leaves no host", "expected at most 1");
    }

    @Test
    void lockSettingsOutOfRangeAreRefusedAtTheirLine() throws Exception {
        assertThat(generateFails("lock_ttl: 2\n" + GOOD, Map.of()).getMessage())
                .contains("bad.yaml:1:", "lock_ttl: must be at least 3, got 2");
        assertThat(generateFails("lock_wait: -1\n" + GOOD, Map.of()).getMessage())
                .contains("bad.yaml:1:", "lock_wait: must be at least 0, got -1");
        assertThat(generateFails("lock_wait: 30\nno_lock: true\n" + GOOD, Map.of()).getMessage())
                .contains("bad.yaml:1:", "lock_wait has no effect with no_lock");
    }

    @Test
    void deploymentOrderNamingAnUnknownServiceIsRefused() throws Exception {
        InvalidInputException e = generateFails(GOOD + "deployment_order: [[web, api]]\n", Map.of());
        assertThat(e.getMessage()).contains("bad.yaml:8:", "unknown service 'api'", "known services: web");
    }

    @Test
    void loadBalancerWithoutEnableIsRefused() throws Exception {
        InvalidInputException e = generateFails(GOOD + "    lb_disable_command: lb off {hostname}\n", Map.of());
        assertThat(e.getMessage()).contains("bad.yaml:5:", "service.web", "both lb_disable_command and lb_enable_command");
    }

    @Test
    void unknownHostsHostgroupsAndCategoriesListTheKnownOnes() throws Exception {
        assertThat(generateFails(GOOD, Map.of("target_hosts", List.of("web9"))).getMessage())
                .contains("command line target_hosts", "unknown host 'web9'", "known hosts: local:web1, local:web2");
        assertThat(generateFails(GOOD, Map.of("target_hostgroups", List.of("db"))).getMessage())
                .contains("unknown host group 'db'", "known host groups: web");
        assertThat(generateFails(GOOD + "    category: frontend\n", Map.of("target_categories", List.of("backend"))).getMessage())
                .contains("unknown category 'backend'", "categories of the services: frontend");
    }

    @Test
    void badPackageNamesAreAllReportedWithTheExpectedPattern() throws Exception {
        Config c = ConfigLoader.load(write(GOOD));
        Path noVersion = fx.pkg("web.tar.gz");
        Path wrongExt = fx.pkg("web_1.0.zip");
        Path unknown = fx.pkg("api_2.0.tar.gz");
        fx.pkg("web_1.0.tar.gz"); // one good package: the others are mistakes in the right directory, each reported
        assertThatThrownBy(() -> fx.generate(c))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(t -> {
                    InvalidInputException e = (InvalidInputException) t;
                    assertThat(e.problems()).hasSize(3);
                    assertThat(e.problems().get(0).where()).isEqualTo(noVersion.toString());
                    assertThat(e.problems().get(0).message()).contains("expected <service>_<version>.tar.gz");
                    assertThat(e.problems().get(1).where()).isEqualTo(wrongExt.toString());
                    assertThat(e.problems().get(2).where()).isEqualTo(unknown.toString());
                    assertThat(e.problems().get(2).message()).contains("service 'api', which is not in the config", "known services: web");
                });
    }

    @Test
    void aDirectoryWithoutAPackageOfAnyConfiguredServiceIsOneProblemNamingTheDirectory() throws Exception {
        Config c = ConfigLoader.load(write(GOOD));
        Path readme = fx.pkg("README");
        fx.pkg("api_2.0.tar.gz");
        assertThatThrownBy(() -> fx.generate(c))
                .isInstanceOf(InputFileException.class)
                .satisfies(t -> {
                    InvalidInputException e = (InvalidInputException) t;
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).where()).isEqualTo(readme.getParent().toString());
                    assertThat(e.problems().get(0).message())
                            .startsWith("no package of a service configured in ")
                            .contains("(web) among: README, api_2.0.tar.gz; expected <service>_<version>.tar.gz");
                });
    }

    @Test
    void twoVersionsOfOneServiceAreRefused() throws Exception {
        Config c = ConfigLoader.load(write(GOOD));
        fx.pkg("web_1.0.tar.gz");
        fx.pkg("web_1.1.tar.gz");
        assertThatThrownBy(() -> fx.generate(c)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a second package for service 'web'");
    }

    @Test
    void noPackagesAtAllSaysWhereThemCanComeFrom() throws Exception {
        Config c = ConfigLoader.load(write(GOOD));
        assertThatThrownBy(() -> new TarballGenerator().generate(new GeneratorContext(c, List.of(), HostPool.localOnly())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--component").hasMessageContaining("tarballs: DIR");
    }

    @Test
    void tarballsDirectoryIsRelativeToTheConfigFile() throws Exception {
        Path dir = Files.createDirectories(root.resolve("releases"));
        Files.writeString(dir.resolve("web_2.0.tar.gz"), "x");
        Config c = ConfigLoader.load(write(GOOD.replace("/srv/", root + "/srv/") + "tarballs: releases\n"));
        var t = new TarballGenerator().generate(new GeneratorContext(c, List.of(), HostPool.localOnly()));
        assertThat(t.name()).isEqualTo("Deploy web 2.0");
        assertThat(fx.json(t)).contains("\"source\": \"$ROOT/releases/web_2.0.tar.gz\"");
    }

    @Test
    void serviceNamesHoldingUnderscoresTakeTheLongestMatch() throws Exception {
        Config c = ConfigLoader.load(write(GOOD.replace("/srv/", root + "/srv/") + """
                  web_api:
                    hostgroups: [web]
                    install_location: %s/srv/{hostname}
                """.formatted(root)));
        fx.pkg("web_api_3.1.tar.gz");
        var t = fx.generate(c);
        assertThat(t.name()).isEqualTo("Deploy web_api 3.1");
    }

    @Test
    void anUnreachableHostIsAnErrorNeverNoVersion() throws Exception {
        Config c = ConfigLoader.load(write(GOOD.replace("local:web2", "web2.example.com")));
        fx.pkg("web_1.0.tar.gz");
        HostPool unreachable = new HostPool((address, user) -> new UnreachableHost(address));
        assertThatThrownBy(() -> fx.generate(c, unreachable))
                .isInstanceOf(HostException.class)
                .satisfies(t -> assertThat(((HostException) t).reason()).isEqualTo(FailureReason.UNREACHABLE))
                .hasMessageContaining("web2.example.com");
    }

    @Test
    void rollbackWithoutAPreviousReleaseNamesTheHost() throws Exception {
        Config c = ConfigLoader.load(write(GOOD.replace("/srv/", root + "/srv/"))).withCommandLine(Map.of("rollback", "web"));
        fx.installed("srv/web1", "web", "2.0", "1.0", "2.0");
        fx.installed("srv/web2", "web", "2.0", "2.0");
        assertThatThrownBy(() -> new TarballGenerator().generate(new GeneratorContext(c, List.of(), HostPool.localOnly())))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(t -> {
                    InvalidInputException e = (InvalidInputException) t;
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).where()).isEqualTo("local:web2");
                    assertThat(e.problems().get(0).message()).startsWith("cannot roll back web: no release history").contains("no release older than web_2.0 is installed (installed: web_2.0)");
                });
    }

    @Test
    void rollbackRefusalsNameEveryHostAndWhy() throws Exception {
        Config c = ConfigLoader.load(write(GOOD.replace("/srv/", root + "/srv/"))).withCommandLine(Map.of("rollback", "web"));
        fx.installed("srv/web1", "web", "1.0", "1.0", "2.0");
        fx.history("srv/web1", "web", "deploy - 1.0", "deploy 1.0 2.0", "rollback 2.0 1.0");
        fx.installed("srv/web2", "web", "3.0", "1.0", "3.0");
        fx.history("srv/web2", "web", "deploy - 1.0", "deploy 1.0 2.0", "deploy 2.0 3.0");
        assertThatThrownBy(() -> new TarballGenerator().generate(new GeneratorContext(c, List.of(), HostPool.localOnly())))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(t -> {
                    InvalidInputException e = (InvalidInputException) t;
                    // web1 (at 1.0, older than web2's 3.0) has nothing to roll back and is left out; web2 cannot.
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).where()).isEqualTo("local:web2");
                    assertThat(e.problems().get(0).message()).contains("web_2.0, was cleaned up");
                });
    }

    @Test
    void toMustBeInstalledOnEveryHost() throws Exception {
        Config c = ConfigLoader.load(write(GOOD.replace("/srv/", root + "/srv/"))).withCommandLine(Map.of("rollback", "web", "rollback_to", "1.0"));
        fx.installed("srv/web1", "web", "2.0", "1.0", "2.0");
        fx.installed("srv/web2", "web", "2.0", "2.0");
        assertThatThrownBy(() -> new TarballGenerator().generate(new GeneratorContext(c, List.of(), HostPool.localOnly())))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(t -> {
                    InvalidInputException e = (InvalidInputException) t;
                    assertThat(e.problems()).singleElement().satisfies(p -> {
                        assertThat(p.where()).isEqualTo("local:web2");
                        assertThat(p.message()).isEqualTo("cannot roll back web: web_1.0 is not installed; installed releases: web_2.0");
                    });
                });
    }

    @Test
    void toWithoutRollbackIsAnError() throws Exception {
        Config c = ConfigLoader.load(write(GOOD)).withCommandLine(Map.of("rollback_to", "1.0"));
        assertThatThrownBy(() -> new TarballGenerator().generate(new GeneratorContext(c, List.of(), HostPool.localOnly())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("rollback_to").hasMessageContaining("give it with --rollback SERVICE");
    }

    @Test
    void anUnreadableHistoryIsAnErrorNeverNoHistory() throws Exception {
        Config c = ConfigLoader.load(write(GOOD.replace("/srv/", root + "/srv/"))).withCommandLine(Map.of("rollback", "web"));
        fx.installed("srv/web1", "web", "2.0", "1.0", "2.0");
        fx.installed("srv/web2", "web", "2.0", "1.0", "2.0");
        // A directory where the file should be cannot be read by anyone (root included).
        Files.createDirectories(root.resolve("srv/web2/.web.history"));
        assertThatThrownBy(() -> new TarballGenerator().generate(new GeneratorContext(c, List.of(), HostPool.localOnly())))
                .isInstanceOf(HostException.class)
                .satisfies(t -> assertThat(((HostException) t).host()).isEqualTo("local:web2"))
                .hasMessageContaining(root + "/srv/web2/.web.history");
    }

    @Test
    void anUnreachableHostIsAnErrorWhenReadingTheHistory() throws Exception {
        Config c = ConfigLoader.load(write(GOOD.replace("local:web2", "web2.example.com"))).withCommandLine(Map.of("rollback", "web"));
        HostPool unreachable = new HostPool((address, user) -> new UnreachableHost(address));
        assertThatThrownBy(() -> fx.generate(c, unreachable))
                .isInstanceOf(HostException.class)
                .satisfies(t -> assertThat(((HostException) t).reason()).isEqualTo(FailureReason.UNREACHABLE))
                .hasMessageContaining("web2.example.com");
    }

    @Test
    void rollbackOfAnUnknownServiceListsTheKnownOnes() throws Exception {
        Config c = ConfigLoader.load(write(GOOD)).withCommandLine(Map.of("rollback", "wbe"));
        assertThatThrownBy(() -> new TarballGenerator().generate(new GeneratorContext(c, List.of(), HostPool.localOnly())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown service 'wbe'").hasMessageContaining("known services: web");
    }

    /** A host whose network is down: every call fails the way an SSH host does when it cannot connect. */
    private record UnreachableHost(HostAddress address) implements RemoteHost {
        @Override public String name() { return address.key(); }
        @Override public ExecResult execute(String commandLine, ExecOptions options) throws HostException { throw down(); }
        @Override public void put(Path localFile, String remotePath) throws HostException { throw down(); }
        @Override public void get(String remotePath, Path localFile) throws HostException { throw down(); }
        @Override public boolean exists(String remotePath) throws HostException { throw down(); }
        @Override public void close() { }

        private HostException down() {
            return new HostException(FailureReason.UNREACHABLE, address.key(), "connect to " + address.key() + " port 22: no route to host");
        }
    }
}
