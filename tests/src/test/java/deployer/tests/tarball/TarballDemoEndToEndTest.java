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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo of the README and docs/getting-started.md, through the real deploy CLI in its own JVM: conf/demo.yaml (only
 * its root folder, addresses and port moved, so it cannot collide with a demo a user runs) releases the demo service
 * to four local hosts. v1, then a rolling v2 while the hosts are watched, a rerun that skips, a rollback to v1, then v3
 * and cleanup (which keeps v1, where the history's next rollback returns), the config's own v1 refused as a downgrade,
 * and that rollback.
 * The steps build on each other, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TarballDemoEndToEndTest {

    static final String V1 = DemoHosts.V1;
    static final String V2 = DemoHosts.V2;
    static final String V3 = DemoHosts.V3;
    static final List<String> HOSTS = List.of("127.0.0.121", "127.0.0.122", "127.0.0.123", "127.0.0.124");
    static final int PORT = 18081;

    @TempDir
    static Path work;
    static Path hostsRoot;
    static Path config;
    static Path packages;
    static DemoHosts demo;

    @BeforeAll
    static void copyTheDemoConfig() throws IOException {
        Path project = CliProcess.projectRoot();
        packages = project.resolve("conf/demo/packages");
        hostsRoot = work.resolve("hosts");
        demo = new DemoHosts(hostsRoot, HOSTS, PORT);
        String yaml = Files.readString(project.resolve("conf/demo.yaml"))
                .replace("/tmp/deployer-demo", hostsRoot.toString())
                .replace("127.0.0.10", "127.0.0.12")
                .replace("port: 18080", "port: " + PORT)
                .replace("tarballs: demo/packages/v1", "tarballs: " + packages.resolve("v1"));
        assertThat(yaml).contains("local:127.0.0.121", hostsRoot.toString(), "port: " + PORT);
        config = work.resolve("demo.yaml");
        Files.writeString(config, yaml);
    }

    @AfterAll
    static void stopTheServices() throws Exception {
        demo.stopServices();
    }

    @Test
    @Order(1)
    void firstRunReleasesV1ToEveryHostAndItAnswers() throws Exception {
        CliProcess.Result r = deploy("--config", config.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("Starting stage: Deploy demo-web (batch 1 of 2)", "Starting stage: Deploy demo-web (batch 2 of 2)");
        for (String h : HOSTS) {
            assertThat(current(h)).isEqualTo("demo-web_" + V1);
            assertThat(health(h)).isEqualTo("OK demo-web " + V1 + " on " + h + ":" + PORT + "\n");
        }
        assertThat(hostsRoot.resolve(HOSTS.get(0)).resolve(".deployer-tmp")).isEmptyDirectory();
    }

    @Test
    @Order(2)
    void v2RollsOutTwoHostsAtATimeWhileTheOthersAnswer() throws Exception {
        DemoHosts.Watch watch = demo.watch();
        CliProcess.Result r = deploy("--config", config.toString(), "--directory", packages.resolve("v2").toString());
        List<Integer> upPerSample = watch.stop();

        assertThat(r.exitCode()).as(r.all()).isZero();
        for (String h : HOSTS) {
            assertThat(current(h)).isEqualTo("demo-web_" + V2);
            assertThat(health(h)).contains(V2);
        }
        // min_nodes_up: 2 of 4. Every look during the rollout found at least two hosts answering, and the rollout was
        // really seen (some look found hosts down).
        assertThat(upPerSample).isNotEmpty().allSatisfy(up -> assertThat(up).isGreaterThanOrEqualTo(2));
        assertThat(upPerSample).anySatisfy(up -> assertThat(up).isLessThan(4));
    }

    @Test
    @Order(3)
    void rerunSkipsHostsAlreadyAtTheVersion() throws IOException {
        Path json = work.resolve("rerun-report.json");
        Path html = work.resolve("rerun-report.html");
        CliProcess.Result r = deploy("--config", config.toString(), "--directory", packages.resolve("v2").toString(),
                "--report-json", json.toString(), "--report", html.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("Nothing to deploy");
        for (String h : HOSTS) {
            assertThat(r.stderr()).contains("demo-web on local:" + h + " is already at " + V2 + "; skipping it");
        }
        // The recap on stdout, the JSON report and the HTML report name every host, skipped at planning, and why.
        SkippedHostReports.assertNamed(r.stdout(), json, html, HOSTS.stream().map(h -> "local:" + h).toList(),
                "demo-web", "already at " + V2 + " (its checks pass");
    }

    @Test
    @Order(4)
    void rollbackReturnsEveryHostToV1() throws Exception {
        CliProcess.Result r = deploy("--config", config.toString(), "--rollback", "demo-web");
        assertThat(r.exitCode()).as(r.all()).isZero();
        for (String h : HOSTS) {
            assertThat(current(h)).isEqualTo("demo-web_" + V1);
            assertThat(health(h)).contains(V1);
        }
    }

    @Test
    @Order(5)
    void v3AndCleanupKeepTheTwoNewestReleasesAndTheOneARollbackReturnsTo() throws Exception {
        CliProcess.Result r = deploy("--config", config.toString(), "--directory", packages.resolve("v3").toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        for (String h : HOSTS) {
            assertThat(current(h)).isEqualTo("demo-web_" + V3);
            assertThat(health(h)).contains(V3);
            // keep_versions: 2 keeps v3 and v2, the newest; v1 is the oldest directory, but the history (v2 was rolled
            // back from) says the next rollback returns to v1: kept too.
            assertThat(releases(h)).containsExactlyInAnyOrder("demo-web_" + V1, "demo-web_" + V2, "demo-web_" + V3);
        }
        CliProcess.Result status = deploy("status", "--config", config.toString(), "--directory", packages.resolve("v3").toString());
        assertThat(status.exitCode()).as(status.all()).isZero();
        for (String h : HOSTS) {
            assertThat(status.stdout().lines()).anySatisfy(l -> assertThat(l.split(" +"))
                    .startsWith("demo-web", "local:" + h, V3, V3, "up").contains(V1));
        }
    }

    @Test
    @Order(6)
    void theConfigsOwnV1IsRefusedAsADowngradeAndStatusSaysTheHostsAreAhead() throws Exception {
        // The installed demo run again (tarballs: v1) would take every host from v3 back to v1.
        CliProcess.Result r = deploy("--config", config.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        for (String h : HOSTS) {
            assertThat(r.stderr()).contains("local:" + h + ": deploying demo-web " + V1 + " would downgrade it: demo-web_" + V1
                    + " is older than demo-web_" + V3 + ", which the host runs (by the release history", "--allow-downgrade",
                    "--rollback demo-web");
            assertThat(current(h)).isEqualTo("demo-web_" + V3);
        }
        assertThat(r.stderr()).doesNotContain("Starting stage");

        CliProcess.Result status = deploy("status", "--config", config.toString());
        assertThat(status.exitCode()).as(status.all()).isEqualTo(1);
        assertThat(status.stdout()).contains(V1 + " (ahead)", "Ahead of the newest release: demo-web on local:" + HOSTS.get(0)
                + " (at " + V3 + ", newer than " + V1 + ")").doesNotContain("(behind)", "Not at the newest release");
    }

    @Test
    @Order(7)
    void rollbackWithoutARunningHostIsRefusedBeforeAnythingRuns() throws Exception {
        // A host whose link is gone (someone removed it) has nothing to roll back from: refused, nothing touched.
        Path link = hostsRoot.resolve(HOSTS.get(3)).resolve("demo-web");
        String target = Files.readSymbolicLink(link).toString();
        Files.delete(link);
        try {
            CliProcess.Result r = deploy("--config", config.toString(), "--rollback", "demo-web");
            assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
            assertThat(r.stderr()).contains("local:" + HOSTS.get(3) + ": demo-web has no current release");
            assertThat(current(HOSTS.get(0))).isEqualTo("demo-web_" + V3);
        } finally {
            Files.createSymbolicLink(link, Path.of(target));
        }
    }

    @Test
    @Order(8)
    void theRollbackAfterV3ReturnsToV1WhichCleanupKeptThenStatusSaysWhyThereIsNoFurtherTarget() throws Exception {
        CliProcess.Result r = deploy("--config", config.toString(), "--rollback", "demo-web");
        assertThat(r.exitCode()).as(r.all()).isZero();
        for (String h : HOSTS) {
            assertThat(r.stderr()).contains("demo-web on local:" + h + ": rolling back " + V3 + " -> " + V1);
            assertThat(current(h)).isEqualTo("demo-web_" + V1);
            assertThat(health(h)).contains(V1);
        }
        CliProcess.Result status = deploy("status", "--config", config.toString());
        assertThat(status.exitCode()).as(status.all()).isZero();
        for (String h : HOSTS) {
            assertThat(status.stdout()).contains("No rollback target: demo-web on local:" + h + ": the release history of demo-web is exhausted: demo-web_"
                    + V1 + " is the oldest release in " + hostsRoot.resolve(h).resolve(".demo-web.history"));
        }
    }

    private static CliProcess.Result deploy(String... args) {
        return CliProcess.deploy(work.resolve("cli"), args);
    }

    private static String current(String host) throws IOException {
        return demo.current(host);
    }

    private static List<String> releases(String host) throws IOException {
        return demo.releases(host);
    }

    private static String health(String host) throws IOException {
        return demo.health(host);
    }
}
