package deployer.tests.tarball;

import deployer.tests.fixtures.DemoHosts;

import deployer.core.testing.CliProcess;
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
 * Rollback by history, through the real deploy CLI in its own JVM: the demo's packages v1, v2, v3 released to two
 * {@code local:NAME} hosts with their own roots in a temp folder. The service is a stand-in that needs no port (start
 * and stop touch a marker; the health check reads the release's VERSION through the link), so only the release
 * switching is under test. Rollbacks walk back v3 → v2 → v1, never forward; then the history is exhausted; {@code --to}
 * jumps to v3, named as the refusal's hint printed it; a cleanup keeps the release a rollback would return to, and
 * once that is gone (by hand) both refusals are clear. The steps build on each other, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollbackHistoryEndToEndTest {

    static final String SERVICE = DemoHosts.SERVICE;
    static final String V1 = DemoHosts.V1;
    static final String V2 = DemoHosts.V2;
    static final String V3 = DemoHosts.V3;
    static final List<String> HOSTS = List.of("rb1", "rb2");

    @TempDir
    static Path work;
    static Path hostsRoot;
    static Path config;
    static Path packages;
    static int runs;
    /** The stderr of the refused third rollback, whose hint step 5 follows. */
    static String exhaustedHint;

    @BeforeAll
    static void writeTheConfig() throws IOException {
        packages = CliProcess.projectRoot().resolve("conf/demo/packages");
        hostsRoot = work.resolve("hosts");
        config = work.resolve("rollback.yaml");
        Files.writeString(config, config(3));
    }

    static String config(int keepVersions) {
        return """
                platform: tarball
                keep_versions: %d
                hostgroup:
                  web:
                    hosts: [local:rb1, local:rb2]
                service:
                  demo-web:
                    hostgroups: [web]
                    install_location: %s/{hostname}
                    stop_command: "rm -f {install_location}/{servicename}.running"
                    start_command: "touch {install_location}/{servicename}.running"
                    health_check: "grep -qx {version} {install_location}/{servicename}/VERSION"
                    min_nodes_up: 1
                """.formatted(keepVersions, hostsRoot);
    }

    @Test
    @Order(1)
    void threeDeploysAreRecordedInEachHostsHistory() throws Exception {
        for (String v : List.of("v1", "v2", "v3")) {
            CliProcess.Result r = deploy("--config", config.toString(), "--directory", packages.resolve(v).toString());
            assertThat(r.exitCode()).as(r.all()).isZero();
        }
        for (String h : HOSTS) {
            assertThat(current(h)).isEqualTo(SERVICE + "_" + V3);
            assertThat(history(h)).extracting(l -> l.split("\t")[1] + " " + release(l.split("\t")[2]) + " -> " + release(l.split("\t")[3]))
                    .containsExactly("deploy - -> " + V1, "deploy " + V1 + " -> " + V2, "deploy " + V2 + " -> " + V3);
        }
    }

    @Test
    @Order(2)
    void rollbackGoesToTheReleaseBefore() throws Exception {
        CliProcess.Result r = deploy("--config", config.toString(), "--rollback", SERVICE);
        assertThat(r.exitCode()).as(r.all()).isZero();
        for (String h : HOSTS) {
            assertThat(r.stderr()).contains(SERVICE + " on local:" + h + ": rolling back " + V3 + " -> " + V2);
            assertThat(current(h)).isEqualTo(SERVICE + "_" + V2);
            assertThat(history(h)).hasSize(4).last().asString().contains("\trollback\t");
        }
    }

    @Test
    @Order(3)
    void aSecondRollbackGoesFurtherBackNotForward() throws Exception {
        CliProcess.Result r = deploy("--config", config.toString(), "--rollback", SERVICE);
        assertThat(r.exitCode()).as(r.all()).isZero();
        for (String h : HOSTS) {
            assertThat(r.stderr()).contains(SERVICE + " on local:" + h + ": rolling back " + V2 + " -> " + V1);
            assertThat(current(h)).isEqualTo(SERVICE + "_" + V1);
        }
    }

    @Test
    @Order(4)
    void aThirdRollbackIsRefusedBecauseTheHistoryIsExhausted() throws Exception {
        CliProcess.Result r = deploy("--config", config.toString(), "--rollback", SERVICE);
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        for (String h : HOSTS) {
            assertThat(r.stderr()).contains("local:" + h + ": cannot roll back " + SERVICE + ": the release history of " + SERVICE
                    + " is exhausted: " + SERVICE + "_" + V1 + " is the oldest release in " + hostsRoot.resolve(h).resolve("." + SERVICE + ".history"));
            assertThat(current(h)).isEqualTo(SERVICE + "_" + V1);
            assertThat(history(h)).hasSize(5);
        }
        assertThat(r.stderr()).doesNotContain("Starting stage");
        exhaustedHint = r.stderr();
    }

    @Test
    @Order(5)
    void toPicksAnInstalledReleaseNamedAsTheHintPrintsIt() throws Exception {
        java.util.regex.Matcher hint = java.util.regex.Pattern.compile("pick one with --to VERSION\\): ([^,\\s]+)").matcher(exhaustedHint);
        assertThat(hint.find()).as(exhaustedHint).isTrue();
        assertThat(hint.group(1)).isEqualTo(SERVICE + "_" + V3);
        CliProcess.Result r = deploy("--config", config.toString(), "--rollback", SERVICE, "--to", hint.group(1));
        assertThat(r.exitCode()).as(r.all()).isZero();
        for (String h : HOSTS) {
            assertThat(r.stderr()).contains(SERVICE + " on local:" + h + ": rolling back " + V1 + " -> " + V3);
            assertThat(current(h)).isEqualTo(SERVICE + "_" + V3);
            assertThat(history(h)).hasSize(6);
        }
    }

    @Test
    @Order(6)
    void cleanupKeepsTheReleaseARollbackReturnsToAndARollbackToAReleaseRemovedByHandIsRefused() throws Exception {
        // A redeploy with keep_versions 1: the link does not move, so no history line; cleanup removes v2, but not v1,
        // where the next rollback returns (the history's stack is v1, v3).
        Path keepOne = Files.writeString(work.resolve("keep-one.yaml"), config(1));
        CliProcess.Result redeploy = deploy("--config", keepOne.toString(), "--directory", packages.resolve("v3").toString(), "--redeploy");
        assertThat(redeploy.exitCode()).as(redeploy.all()).isZero();
        for (String h : HOSTS) {
            assertThat(releases(h)).containsExactly(SERVICE + "_" + V1, SERVICE + "_" + V3);
            assertThat(history(h)).hasSize(6);
            // Gone by hand, not by cleanup.
            deleteTree(hostsRoot.resolve(h).resolve(SERVICE + "_" + V1));
        }

        CliProcess.Result r = deploy("--config", config.toString(), "--rollback", SERVICE);
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        for (String h : HOSTS) {
            assertThat(r.stderr()).contains("local:" + h + ": cannot roll back " + SERVICE + ": the release before " + SERVICE + "_" + V3
                    + " in the history, " + SERVICE + "_" + V1 + ", was cleaned up (its directory is gone)");
        }

        CliProcess.Result to = deploy("--config", config.toString(), "--rollback", SERVICE, "--to", V2);
        assertThat(to.exitCode()).as(to.all()).isEqualTo(2);
        assertThat(to.stderr()).contains("local:rb1: cannot roll back " + SERVICE + ": " + SERVICE + "_" + V2
                + " is not installed; installed releases: " + SERVICE + "_" + V3);
        // Named as the hints name releases, the refusal is the same.
        CliProcess.Result prefixed = deploy("--config", config.toString(), "--rollback", SERVICE, "--to", SERVICE + "_" + V2);
        assertThat(prefixed.exitCode()).as(prefixed.all()).isEqualTo(2);
        assertThat(prefixed.stderr()).contains("local:rb1: cannot roll back " + SERVICE + ": " + SERVICE + "_" + V2 + " is not installed");
        for (String h : HOSTS) {
            assertThat(current(h)).isEqualTo(SERVICE + "_" + V3);
        }
    }

    @Test
    @Order(7)
    void toWithoutRollbackIsAUsageError() {
        CliProcess.Result r = deploy("--config", config.toString(), "--to", V1);
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("--to VERSION picks the release of a rollback; give it with --rollback SERVICE");
    }

    private static CliProcess.Result deploy(String... args) {
        return CliProcess.deploy(work.resolve("cli-" + ++runs), args);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String current(String host) throws IOException {
        return Files.readSymbolicLink(hostsRoot.resolve(host).resolve(SERVICE)).getFileName().toString();
    }

    private static List<String> releases(String host) throws IOException {
        try (var s = Files.list(hostsRoot.resolve(host))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(SERVICE + "_")).sorted().toList();
        }
    }

    private static List<String> history(String host) throws IOException {
        return Files.readAllLines(hostsRoot.resolve(host).resolve("." + SERVICE + ".history"));
    }

    /** {@code /…/demo-web_<version>} → {@code <version>}; {@code -} stays. */
    private static String release(String target) {
        return target.equals("-") ? "-" : target.substring(target.lastIndexOf('/') + 1).substring(SERVICE.length() + 1);
    }
}
