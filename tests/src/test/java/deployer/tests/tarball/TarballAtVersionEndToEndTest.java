package deployer.tests.tarball;

import deployer.tests.fixtures.DemoHosts;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static deployer.tests.fixtures.DemoHosts.V1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What "at the version" means to a deploy, through the real CLI on the demo service (two local hosts): a host whose
 * link points at the release but whose service is down is started again, not skipped; a change to a config template
 * or its values on hosts at the version shows in {@code --dry-run --diff} and ships as a config-only rollout (rendered
 * into the current release, restarted batch by batch with health checks); once everything matches, the hosts are
 * skipped again. The steps build on each other, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TarballAtVersionEndToEndTest {

    static final List<String> HOSTS = List.of("127.0.0.131", "127.0.0.132");
    static final int PORT = 18083;
    static final String TEMPLATE = "greeting={{greeting}}\nversion={{version}}\n";

    @TempDir
    static Path work;
    static Path hostsRoot;
    static Path config;
    static String baseYaml;
    static DemoHosts demo;

    @BeforeAll
    static void copyTheDemoConfigWithATemplate() throws IOException {
        Path project = CliProcess.projectRoot();
        hostsRoot = work.resolve("hosts");
        demo = new DemoHosts(hostsRoot, HOSTS, PORT);
        Files.writeString(work.resolve("app.conf.mustache"), TEMPLATE);
        baseYaml = Files.readString(project.resolve("conf/demo.yaml"))
                .replace("/tmp/deployer-demo", hostsRoot.toString())
                .replace("hosts: [local:127.0.0.101, local:127.0.0.102, local:127.0.0.103, local:127.0.0.104]",
                        "hosts: [local:" + HOSTS.get(0) + ", local:" + HOSTS.get(1) + "]")
                .replace("port: 18080", "port: " + PORT)
                .replace("tarballs: demo/packages/v1", "tarballs: " + project.resolve("conf/demo/packages/v1"))
                .replace("    min_nodes_up: 2", "    min_nodes_up: 1\n"
                        + "    templates:\n"
                        + "      - {src: app.conf.mustache, dest: app.conf, mode: \"0640\"}\n"
                        + "    template_values: {greeting: @GREETING@}");
        assertThat(baseYaml).contains("local:" + HOSTS.get(1), "port: " + PORT, "@GREETING@");
        config = work.resolve("demo.yaml");
        writeConfig("hello");
    }

    static void writeConfig(String greeting) throws IOException {
        Files.writeString(config, baseYaml.replace("@GREETING@", greeting));
    }

    @AfterAll
    static void stopTheServices() throws Exception {
        demo.stopServices();
    }

    @Test
    @Order(1)
    void v1IsReleasedWithItsConfigFile() throws Exception {
        CliProcess.Result r = deploy("--config", config.toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        for (String h : HOSTS) {
            assertThat(demo.current(h)).isEqualTo("demo-web_" + V1);
            assertThat(demo.health(h)).contains(V1);
            assertThat(demo.root(h).resolve("demo-web/app.conf")).hasContent("greeting=hello\nversion=" + V1 + "\n");
        }
    }

    @Test
    @Order(2)
    void aHostAtTheVersionWhoseServiceIsDownIsStartedNotSkipped() throws Exception {
        String down = HOSTS.get(0);
        stop(down);
        String history = Files.readString(demo.root(down).resolve(".demo-web.history"));

        Path json = work.resolve("restart-report.json");
        Path html = work.resolve("restart-report.html");
        CliProcess.Result r = deploy("--config", config.toString(), "--report-json", json.toString(), "--report", html.toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).doesNotContain("Nothing to deploy");
        // The host started again has its tasks in the recap; the others are named there as skipped at planning.
        SkippedHostReports.assertNamed(r.stdout(), json, html, HOSTS.subList(1, HOSTS.size()).stream().map(h -> "local:" + h).toList(),
                "demo-web", "already at " + V1 + " (its checks pass");
        assertThat(SkippedHostReports.recapLine(r.stdout(), "local:" + down)).doesNotContain("skipped at planning").doesNotContain("ok=0 ");
        assertThat(r.stderr()).doesNotContain("Every selected host is up to date")
                .contains("demo-web on local:" + down + " is at " + V1 + " but check_command exited 1")
                .contains("demo-web on local:" + HOSTS.get(1) + " is already at " + V1 + "; skipping it");
        // Started again from the release it has: no upload, no new release, no switch in its history.
        assertThat(r.stderr()).doesNotContain("Starting stage: Upload packages", "Starting stage: Unpack packages");
        assertThat(demo.health(down)).contains(V1);
        assertThat(demo.current(down)).isEqualTo("demo-web_" + V1);
        assertThat(demo.releases(down)).containsExactly("demo-web_" + V1);
        assertThat(demo.root(down).resolve(".demo-web.history")).hasContent(history);
    }

    @Test
    @Order(3)
    void aTemplateValueChangedOnHostsAtTheVersionShowsInADryRunWithDiff() throws Exception {
        writeConfig("bonjour");

        CliProcess.Result r = deploy("--config", config.toString(), "--dry-run", "--diff");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).doesNotContain("Nothing to deploy");
        for (String h : HOSTS) {
            String section = r.stdout().substring(r.stdout().indexOf("# upload_template on local:" + h + " [demo-web]"));
            assertThat(section).contains("--- local:" + h + ":" + demo.root(h).resolve("demo-web/app.conf"), "-greeting=hello\n+greeting=bonjour\n");
            assertThat(demo.root(h).resolve("demo-web/app.conf")).hasContent("greeting=hello\nversion=" + V1 + "\n");
        }
        assertThat(r.stdout()).contains("Dry run: 2 of 2 file(s) would change; nothing was changed");
    }

    @Test
    @Order(4)
    void theChangeShipsAsAConfigOnlyRolloutIntoTheCurrentRelease() throws Exception {
        List<String> pidsBefore = List.of(pid(HOSTS.get(0)), pid(HOSTS.get(1)));
        DemoHosts.Watch watch = demo.watch();

        CliProcess.Result r = deploy("--config", config.toString());
        List<Integer> upPerSample = watch.stop();

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("is at " + V1 + " but its config templates changed (app.conf: template or values changed)")
                .doesNotContain("Starting stage: Upload packages", "Starting stage: Clean up old releases");
        for (String h : HOSTS) {
            assertThat(demo.current(h)).isEqualTo("demo-web_" + V1);
            assertThat(demo.releases(h)).containsExactly("demo-web_" + V1);
            assertThat(demo.root(h).resolve("demo-web_" + V1 + "/app.conf")).hasContent("greeting=bonjour\nversion=" + V1 + "\n");
            assertThat(demo.health(h)).contains(V1);
        }
        // Both restarted to read it, one at a time (min_nodes_up 1 of 2): some host answered throughout.
        assertThat(List.of(pid(HOSTS.get(0)), pid(HOSTS.get(1)))).doesNotContainAnyElementsOf(pidsBefore);
        assertThat(upPerSample).isNotEmpty().allSatisfy(up -> assertThat(up).isGreaterThanOrEqualTo(1));
    }

    @Test
    @Order(5)
    void onceTheHostsMatchTheConfigTheyAreSkippedAgain() {
        CliProcess.Result r = deploy("--config", config.toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("Nothing to deploy");
        for (String h : HOSTS) {
            assertThat(r.stderr()).contains("demo-web on local:" + h + " is already at " + V1 + "; skipping it");
        }
    }

    @Test
    @Order(6)
    void aConfigFileEditedOnAHostIsRenderedAgain() throws Exception {
        String h = HOSTS.get(1);
        Path file = demo.root(h).resolve("demo-web_" + V1 + "/app.conf");
        Files.writeString(file, "greeting=edited by hand\n");

        CliProcess.Result r = deploy("--config", config.toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("demo-web on local:" + h + " is at " + V1 + " but its config templates changed (app.conf: edited on the host)")
                .contains("demo-web on local:" + HOSTS.get(0) + " is already at " + V1 + "; skipping it");
        assertThat(file).hasContent("greeting=bonjour\nversion=" + V1 + "\n");
    }

    private static void stop(String host) throws Exception {
        Process p = new ProcessBuilder("sh", demo.root(host).resolve("demo-web/bin/ctl").toString(), "stop").inheritIO().start();
        assertThat(p.waitFor()).isZero();
        for (int i = 0; i < 100 && demo.answers(host); i++) {
            DemoHosts.sleep(100);
        }
        assertThat(demo.answers(host)).as(host + " stopped").isFalse();
        // The pid file names a process that is gone only once it has exited.
        for (int i = 0; i < 100 && statusOk(host); i++) {
            DemoHosts.sleep(100);
        }
    }

    private static boolean statusOk(String host) throws Exception {
        return new ProcessBuilder("sh", demo.root(host).resolve("demo-web/bin/ctl").toString(), "status").start().waitFor() == 0;
    }

    private static String pid(String host) throws IOException {
        return Files.readString(demo.root(host).resolve("run/demo-web.pid")).strip();
    }

    private static CliProcess.Result deploy(String... args) {
        return CliProcess.deploy(work.resolve("cli"), args);
    }
}
