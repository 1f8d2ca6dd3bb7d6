package deployer.generators.tarball;

import deployer.core.config.Config;
import deployer.core.config.ConfigLoader;
import deployer.core.internal.host.HostPool;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Tasklist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generator's parts on their own: host names, batches, installed releases, the shipped example config. */
class TarballUnitsTest {

    @TempDir
    Path root;

    @Test
    void dnsSuffixGoesOnlyOnShortSshNames() {
        assertThat(TargetHost.of("be001", "example.com")).extracting(TargetHost::remoteHost, TargetHost::hostname, TargetHost::shortHostname)
                .containsExactly("be001.example.com", "be001.example.com", "be001");
        assertThat(TargetHost.of("be001:2222", ".example.com").remoteHost()).isEqualTo("be001.example.com:2222");
        assertThat(TargetHost.of("a.b.c.d", "example.com").remoteHost()).isEqualTo("a.b.c.d");
        assertThat(TargetHost.of("127.0.0.2", "example.com")).extracting(TargetHost::remoteHost, TargetHost::shortHostname)
                .containsExactly("127.0.0.2", "127.0.0.2");
        assertThat(TargetHost.of("local:web1", "example.com")).extracting(TargetHost::remoteHost, TargetHost::hostname, TargetHost::local)
                .containsExactly("local:web1", "web1", true);
    }

    private TarballConfig config(String extra) throws Exception {
        Path f = root.resolve("c.yaml");
        Files.writeString(f, """
                platform: tarball
                hostgroup:
                  g: [local:h1, local:h2, local:h3, local:h4, local:h5]
                service:
                  s:
                    hostgroups: [g]
                    install_location: /srv
                """ + extra);
        return TarballConfig.read(ConfigLoader.load(f));
    }

    private static List<String> names(List<List<TargetHost>> batches) {
        return batches.stream().map(b -> String.join(",", b.stream().map(TargetHost::hostname).toList())).toList();
    }

    @Test
    void batchesKeepMinNodesUpCountingHostsThatAreNotRestarted() throws Exception {
        TarballConfig c = config("    min_nodes_up: 3\n");
        ServiceSpec s = c.services().get("s");
        assertThat(names(DeployBatches.split(c, s, s.hosts(), List.of()))).containsExactly("h1,h2", "h3,h4", "h5");
        // Only two hosts restarted: the other three stay up, so both may go at once.
        assertThat(names(DeployBatches.split(c, s, s.hosts().subList(0, 2), List.of()))).containsExactly("h1,h2");
    }

    @Test
    void withoutMinNodesUpOneHostStaysUp() throws Exception {
        TarballConfig c = config("");
        ServiceSpec s = c.services().get("s");
        assertThat(names(DeployBatches.split(c, s, s.hosts(), List.of()))).containsExactly("h1,h2,h3,h4", "h5");
    }

    @Test
    void filesOnlyHostsGoInTheFirstBatchAndDoNotCountAsUp() throws Exception {
        TarballConfig c = config("    enabled_on_hosts: [local:h1, local:h2]\n");
        ServiceSpec s = c.services().get("s");
        List<TargetHost> running = s.hosts().stream().filter(s::runsOn).toList();
        List<TargetHost> files = s.hosts().stream().filter(h -> !s.runsOn(h)).toList();
        assertThat(names(DeployBatches.split(c, s, running, files))).containsExactly("h1,h3,h4,h5", "h2");
    }

    @Test
    void installedReleasesAreNewestFirstAndIgnoreOtherServicesSharingThePrefix() throws Exception {
        Path srv = Files.createDirectories(root.resolve("srv"));
        long t = 1_700_000_000_000L;
        for (String d : List.of("web_1.0", "web_api_9.9", "web_2.0", "web_1.5")) {
            Files.setLastModifiedTime(Files.createDirectories(srv.resolve(d)), java.nio.file.attribute.FileTime.fromMillis(t += 60_000));
        }
        Files.createSymbolicLink(srv.resolve("web"), srv.resolve("web_1.5"));
        Path f = root.resolve("c.yaml");
        Files.writeString(f, """
                platform: tarball
                hostgroup:
                  g: [local:h1]
                service:
                  web: {hostgroups: [g], install_location: %s}
                  web_api: {hostgroups: [g], install_location: %s}
                """.formatted(srv, srv));
        TarballConfig c = TarballConfig.read(ConfigLoader.load(f));
        ServiceSpec web = c.services().get("web");
        TargetHost h1 = web.hosts().get(0);
        InstalledReleases.Probe probe = new InstalledReleases.Probe(web, h1, HostPaths.of(c, web, h1), null);
        try (HostPool pool = HostPool.localOnly()) {
            InstalledReleases.Installed i = new InstalledReleases(pool, c.services().keySet()).read(List.of(probe)).get(probe);
            assertThat(i.current()).isEqualTo("1.5");
            assertThat(i.releases()).containsExactly("1.5", "2.0", "1.0");
            assertThat(i.history()).as("no history file: null, not empty").isNull();
            Files.writeString(srv.resolve(".web.history"), "a line\nand a torn one");
            assertThat(new InstalledReleases(pool, c.services().keySet()).read(List.of(probe)).get(probe).history().lines())
                    .containsExactly("a line", "and a torn one");
        }
    }

    @Test
    void theShippedSshExamplePlansAValidDeploy() throws Exception {
        Path example = Path.of("../conf/examples/tarball-ssh.yaml");
        Config c = ConfigLoader.load(example).withCommandLine(Map.of("target_hosts", List.of("web001", "api001", "batch001")));
        TarballFixture fx = new TarballFixture(root);
        fx.pkg("web_1a2b3c4-20240501120000.tar.gz");
        fx.pkg("api_5d6e7f8-20240501120500.tar.gz");
        fx.pkg("reports_0f0f0f0-20240501120500.tar.gz");
        // /opt/services does not exist here: every host reads as "nothing installed", which is what we want to plan.
        Tasklist t = fx.generate(c, TarballFixture.sshNamesRunLocally());
        String json = fx.json(t);
        assertThat(json).contains("\"remote_host\": \"web001.prod.example.com\"", "\"remote_user\": \"reports\"", "\"remote_user\": \"deploy\"",
                "lbctl --pool web disable {hostname}:{port}", "deploy.web.start");
        assertThat(t.stages().stream().map(s -> s.name()).toList()).containsSubsequence(
                "Database migrations", "Deploy api (batch 1 of 1)", "Deploy web, reports (batch 1 of 1)", "Clean up old releases");
    }

    @Test
    void hostsNotRunningTheServiceAreRefusedInEnabledOnHosts() throws Exception {
        assertThatThrownBy(() -> config("    enabled_on_hosts: [local:h9]\n")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'local:h9' is not a host of service 's'");
    }

}
