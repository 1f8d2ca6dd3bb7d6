package deployer.generators.tarball;

import deployer.core.config.ConfigLoader;
import deployer.core.model.SkippedHost;
import deployer.core.model.Stage;
import deployer.core.model.Task;
import deployer.core.model.Tasklist;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hosts whose link already points at the release being deployed: skipped only when their service answers its checks
 * and their config templates are what the plan would render; otherwise restarted in that release (down or unhealthy)
 * or given their templates again, then restarted — within the deploy's batches, never with an upload or a switch.
 */
class AtVersionPlanTest {

    static final String API = TarballGoldenTest.API;
    static final String API_VERSION = "5d6e7f8-20240501120500";
    static final String WEB = TarballGoldenTest.WEB;
    static final String WEB_VERSION = "1a2b3c4-20240501120000";

    @TempDir
    Path root;
    TarballFixture fx;

    @BeforeEach
    void setUp() {
        fx = new TarballFixture(root);
    }

    @Test
    void aHostAtTheVersionWhoseCheckCommandFailsIsStartedAgainInItsRelease() throws Exception {
        fx.pkg(API);
        fx.installed("hosts/api1/apps", "api", API_VERSION, API_VERSION);
        fx.installed("hosts/api2/apps", "api", API_VERSION, API_VERSION);
        fx.down("api1", "api");

        Tasklist t = fx.generate(fx.config("fleet"));

        assertThat(names(t)).containsExactly("Take deploy locks", "Graphite: deploy started", "Deploy api (batch 1 of 1)",
                "Graphite: deploy finished", "Release deploy locks");
        List<Task> chain = t.stages().get(2).items().get(0).links();
        assertThat(t.stages().get(2).items()).hasSize(1);
        assertThat(chain).extracting(Task::command).containsExactly("stop_service", "start_service", "health_check");
        assertThat(chain).allSatisfy(task -> assertThat(task.remoteHost()).isEqualTo("local:api1"));
        assertThat(chain.get(1).arguments()).containsEntry("version", API_VERSION);
        assertThat(fx.stagesJson(t)).doesNotContain("local:api2", "move_file", "symlink", "upload", "cleanup", "migration");
    }

    @Test
    void theChecksRideAlongWithTheLinkReadInOneCommandPerHost() throws Exception {
        fx.pkg(API);
        fx.installed("hosts/api1/apps", "api", API_VERSION, API_VERSION);
        fx.installed("hosts/api2/apps", "api", "0aaaaaa-20240401000000", "0aaaaaa-20240401000000");

        fx.generate(fx.config("fleet"));

        // api1 is at the version: its link, check_command and health_check command in one round trip; api2 only the link.
        assertThat(fx.commandsRun("local:api1")).isEqualTo(1);
        assertThat(fx.commandsRun("local:api2")).isEqualTo(1);
    }

    @Test
    void aHealthCheckUrlThatFailsCountsAsDownAndTheLoadBalancerStepsStay() throws Exception {
        fx.pkg(WEB);
        for (String h : List.of("web1", "web2", "web3")) {
            fx.installed("hosts/" + h + "/srv", "web", WEB_VERSION, WEB_VERSION);
        }
        fx.urlDown("http://web2:8080/health");

        Tasklist t = fx.generate(fx.config("fleet"));

        Stage batch = t.stages().stream().filter(s -> s.name().startsWith("Deploy web")).findFirst().orElseThrow();
        assertThat(batch.items()).hasSize(1);
        assertThat(batch.items().get(0).links()).extracting(Task::command)
                .containsExactly("disable_load_balancer", "stop_service", "start_service", "health_check", "enable_load_balancer");
        assertThat(batch.items().get(0).links().get(0).remoteHost()).isEqualTo("local:web2");
    }

    @Test
    void healthyHostsAtTheVersionAreStillSkippedAndRedeployStillIgnoresTheirHealth() throws Exception {
        fx.pkg(API);
        fx.installed("hosts/api1/apps", "api", API_VERSION, API_VERSION);
        fx.installed("hosts/api2/apps", "api", API_VERSION, API_VERSION);
        assertThat(fx.generate(fx.config("fleet")).stages()).isEmpty();

        fx.down("api1", "api");
        Tasklist redeploy = fx.generate(fx.config("fleet", Map.of("redeploy", true)));
        assertThat(names(redeploy)).contains("Upload packages");
        assertThat(fx.json(redeploy)).contains("local:api1", "local:api2");
    }

    @Test
    void hostsLeftAloneAtTheVersionAreNamedInThePlanWithWhy() throws Exception {
        fx.pkg(API);
        fx.installed("hosts/api1/apps", "api", API_VERSION, API_VERSION);
        fx.installed("hosts/api2/apps", "api", API_VERSION, API_VERSION);
        Tasklist nothing = fx.generate(fx.config("fleet"));
        assertThat(nothing.stages()).isEmpty();
        assertThat(nothing.skippedHosts()).extracting(SkippedHost::host).containsExactly("local:api1", "local:api2");
        assertThat(nothing.skippedHosts()).allSatisfy(h -> {
            assertThat(h.service()).isEqualTo("api");
            assertThat(h.why()).startsWith("already at " + API_VERSION + " (").contains("its checks pass");
        });

        // One host down: it is restarted, the other still named as skipped, in the plan as it is saved.
        fx.down("api1", "api");
        Tasklist t = fx.generate(fx.config("fleet"));
        assertThat(t.stages()).isNotEmpty();
        assertThat(t.skippedHosts()).extracting(SkippedHost::host).containsExactly("local:api2");
        assertThat(fx.json(t)).contains("\"skipped_hosts\"");
    }

    @Test
    void aTemplateThatDriftedIsRenderedIntoTheCurrentReleaseInsideTheRestartChain() throws Exception {
        Path release = templatedService("greeting: hello");
        Tasklist unchanged = fx.generate(ConfigLoader.load(root.resolve("conf/t.yaml")));
        assertThat(unchanged.stages()).as("the record matches: nothing to do").isEmpty();

        templatedService("greeting: bonjour");
        Tasklist t = fx.generate(ConfigLoader.load(root.resolve("conf/t.yaml")));

        assertThat(names(t)).containsExactly("Take deploy locks", "Deploy app (batch 1 of 1)", "Release deploy locks");
        List<Task> chain = t.stages().get(1).items().get(0).links();
        assertThat(chain).extracting(Task::command).containsExactly("stop_service", "upload_template", "start_service");
        Task render = chain.get(1);
        assertThat(render.arguments()).containsEntry("destination", release + "/app.conf")
                .containsEntry("record", release + "/.deployer-templates/app.conf")
                .containsEntry("diff_against", root.resolve("hosts/h1/app") + "/app.conf");
        assertThat(render.arguments().get("fingerprint")).isNotEqualTo(recordedFingerprint(release));
    }

    @Test
    void aTemplateEditedOnTheHostOrLackingARecordCountsAsDrifted() throws Exception {
        Path release = templatedService("greeting: hello");
        Files.writeString(release.resolve("app.conf"), "edited\n");
        assertThat(names(fx.generate(ConfigLoader.load(root.resolve("conf/t.yaml"))))).contains("Deploy app (batch 1 of 1)");

        templatedService("greeting: hello");
        Files.delete(release.resolve(".deployer-templates/app.conf"));
        assertThat(names(fx.generate(ConfigLoader.load(root.resolve("conf/t.yaml"))))).contains("Deploy app (batch 1 of 1)");
    }

    /**
     * A service with one template on host h1, at version 1, whose release holds the file and the record that
     * upload_template would have left for the config's values of the first call ({@code hello}).
     */
    private Path templatedService(String values) throws Exception {
        Files.createDirectories(root.resolve("conf"));
        Files.writeString(root.resolve("conf/app.conf.mustache"), "greeting={{greeting}}\n");
        Files.writeString(root.resolve("conf/t.yaml"), """
                platform: tarball
                tarballs: ../packages
                hostgroup:
                  g: [local:h1]
                service:
                  app:
                    hostgroups: [g]
                    install_location: "@ROOT@/hosts/{hostname}"
                    stop_command: "true"
                    start_command: "true"
                    templates:
                      - {src: app.conf.mustache, dest: app.conf}
                    template_values: {@VALUES@}
                """.replace("@ROOT@", root.toString()).replace("@VALUES@", values));
        if (!Files.exists(root.resolve("packages/app_1.tar.gz"))) {
            Files.createDirectories(root.resolve("packages"));
            Files.writeString(root.resolve("packages/app_1.tar.gz"), "not really a tarball\n");
            fx.installed("hosts/h1", "app", "1", "1");
        }
        Path release = root.resolve("hosts/h1/app_1");
        if (!Files.exists(release.resolve(".deployer-templates/app.conf"))) {
            TarballConfig c = TarballConfig.read(ConfigLoader.load(root.resolve("conf/t.yaml")));
            ServiceSpec s = c.services().get("app");
            TargetHost h = s.hosts().get(0);
            HostPaths paths = HostPaths.of(c, s, h);
            Package pkg = PackageSet.resolve(c.config(), List.of(), c.services().keySet()).get(0);
            ConfigTemplate ct = s.configTemplates().get(0);
            String fingerprint = TemplateRecord.fingerprint(ct, TemplateTasks.values(s, h, paths, pkg));
            Files.writeString(release.resolve("app.conf"), "greeting=hello\n");
            Files.createDirectories(release.resolve(".deployer-templates"));
            Files.writeString(release.resolve(".deployer-templates/app.conf"), fingerprint + " " + sha256("greeting=hello\n") + "\n");
            Files.setPosixFilePermissions(release.resolve("app.conf"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
        return release;
    }

    private static String recordedFingerprint(Path release) throws Exception {
        return Files.readString(release.resolve(".deployer-templates/app.conf")).split(" ")[0];
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static List<String> names(Tasklist t) {
        return t.stages().stream().map(Stage::name).toList();
    }
}
