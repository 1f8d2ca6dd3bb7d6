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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A release's safety through the real deploy CLI, on four {@code local:NAME} hosts with a stand-in service (start and
 * stop touch a marker; the health check reads the release's VERSION through the link and fails while a host's
 * {@code fail} file exists): after v3 failed part way, {@code --rollback} rolls back the hosts v3 reached and leaves
 * the others alone, naming them; a deploy to an older release is refused, and {@code --allow-downgrade} lets it through;
 * the README's migration ({@code sh db/migrate}, relative) runs in the new release. The steps build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleaseSafetyEndToEndTest {

    static final String SERVICE = DemoHosts.SERVICE;
    static final String V1 = DemoHosts.V1;
    static final String V2 = DemoHosts.V2;
    static final String V3 = DemoHosts.V3;
    static final List<String> HOSTS = List.of("pf1", "pf2", "pf3", "pf4");

    @TempDir
    static Path work;
    static Path hostsRoot;
    static Path config;
    static Path packages;
    static int runs;
    static final List<String> reachedByV3 = new ArrayList<>();
    static final List<String> leftAtV2 = new ArrayList<>();

    @BeforeAll
    static void writeTheConfig() throws IOException {
        packages = CliProcess.projectRoot().resolve("conf/demo/packages");
        hostsRoot = work.resolve("hosts");
        config = work.resolve("safety.yaml");
        Files.writeString(config, """
                platform: tarball
                keep_versions: 3
                hostgroup:
                  web:
                    hosts: [local:pf1, local:pf2, local:pf3, local:pf4]
                service:
                  demo-web:
                    hostgroups: [web]
                    install_location: %s/{hostname}
                    stop_command: "rm -f {install_location}/{servicename}.running"
                    start_command: "touch {install_location}/{servicename}.running"
                    health_check: "[ ! -e {install_location}/fail ] && grep -qx {version} {install_location}/{servicename}/VERSION"
                    check_timeout: 2
                    min_nodes_up: 2
                    migration_if_exists: db/migrate
                    migration_command: "sh db/migrate"
                """.formatted(hostsRoot));
    }

    @Test
    @Order(1)
    void v3FailsPartWayAfterV1AndV2() throws Exception {
        for (String v : List.of("v1", "v2")) {
            CliProcess.Result r = deploy("--config", config.toString(), "--directory", packages.resolve(v).toString());
            assertThat(r.exitCode()).as(r.all()).isZero();
        }
        Files.writeString(hostsRoot.resolve("pf1").resolve("fail"), "");
        CliProcess.Result r = deploy("--config", config.toString(), "--directory", packages.resolve("v3").toString());
        Files.delete(hostsRoot.resolve("pf1").resolve("fail"));
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        for (String h : HOSTS) {
            (current(h).equals(SERVICE + "_" + V3) ? reachedByV3 : leftAtV2).add(h);
        }
        // The first batch (pf1 failing, its batch mate) got v3; the second batch never started.
        assertThat(reachedByV3).contains("pf1").hasSize(2);
        assertThat(leftAtV2).hasSize(2).allSatisfy(h -> assertThat(current(h)).isEqualTo(SERVICE + "_" + V2));
    }

    @Test
    @Order(2)
    void rollbackUndoesV3WhereItLandedAndLeavesTheHostsThatNeverChangedAlone() throws Exception {
        List<Integer> historyBefore = new ArrayList<>();
        for (String h : leftAtV2) {
            historyBefore.add(history(h).size());
        }
        CliProcess.Result r = deploy("--config", config.toString(), "--rollback", SERVICE);
        assertThat(r.exitCode()).as(r.all()).isZero();
        for (String h : reachedByV3) {
            assertThat(r.stderr()).contains(SERVICE + " on local:" + h + ": rolling back " + V3 + " -> " + V2);
            assertThat(current(h)).isEqualTo(SERVICE + "_" + V2);
        }
        assertThat(r.stderr()).contains("Not rolling back " + SERVICE + " on 2 host(s), which have nothing to roll back: local:"
                + leftAtV2.get(0) + " (at " + SERVICE + "_" + V2 + ", older than " + SERVICE + "_" + V3 + " that the others roll back from); local:"
                + leftAtV2.get(1) + " (at " + SERVICE + "_" + V2);
        // The recap names them too, as skipped at planning, with why.
        for (String h : leftAtV2) {
            assertThat(SkippedHostReports.recapLine(r.stdout(), "local:" + h)).as(r.stdout()).contains("ok=0 ",
                    "skipped at planning: " + SERVICE + " nothing to roll back (at " + SERVICE + "_" + V2 + ", older than " + SERVICE + "_" + V3);
        }
        for (int i = 0; i < leftAtV2.size(); i++) {
            String h = leftAtV2.get(i);
            assertThat(current(h)).as("not back to v1").isEqualTo(SERVICE + "_" + V2);
            assertThat(history(h)).hasSize(historyBefore.get(i));
        }
    }

    @Test
    @Order(3)
    void aDeployToAnOlderReleaseIsRefusedUnlessAllowed() throws Exception {
        CliProcess.Result refused = deploy("--config", config.toString(), "--directory", packages.resolve("v1").toString());
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(2);
        for (String h : HOSTS) {
            assertThat(refused.stderr()).contains("local:" + h + ": deploying " + SERVICE + " " + V1 + " would downgrade it: "
                    + SERVICE + "_" + V1 + " is older than " + SERVICE + "_" + V2 + ", which the host runs");
            assertThat(current(h)).isEqualTo(SERVICE + "_" + V2);
        }
        assertThat(refused.stderr()).doesNotContain("Starting stage");

        CliProcess.Result allowed = deploy("--config", config.toString(), "--directory", packages.resolve("v1").toString(),
                "--allow-downgrade", "--hosts", "local:pf4");
        assertThat(allowed.exitCode()).as(allowed.all()).isZero();
        assertThat(allowed.stderr()).contains(SERVICE + " on local:pf4: downgrading: " + SERVICE + "_" + V1 + " is older than "
                + SERVICE + "_" + V2);
        assertThat(current("pf4")).isEqualTo(SERVICE + "_" + V1);
        assertThat(current("pf3")).isEqualTo(SERVICE + "_" + V2);
    }

    @Test
    @Order(4)
    void theReadmesMigrationRunsInTheNewRelease() throws Exception {
        String version = "4aa0001-20240801120000";
        Path marker = work.resolve("migrated-in");
        Path pkg = tarball(version, "pwd > '" + marker + "'\n");
        CliProcess.Result r = deploy("--config", config.toString(), "--component", pkg.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        // Once, on the first host, in the unpacked new release (before any host switched to it).
        assertThat(Files.readString(marker).strip()).startsWith(hostsRoot.resolve("pf1").resolve(".deployer-tmp") + "/" + SERVICE + "_" + version + ".")
                .endsWith("/" + SERVICE);
        for (String h : HOSTS) {
            assertThat(current(h)).isEqualTo(SERVICE + "_" + version);
        }
    }

    /** A package of the stand-in service: VERSION and db/migrate. */
    private static Path tarball(String version, String migrate) throws Exception {
        Path src = Files.createDirectories(work.resolve("src-" + version).resolve("db"));
        Files.writeString(src.resolve("migrate"), migrate);
        Files.writeString(src.getParent().resolve("VERSION"), version + "\n");
        Path pkg = work.resolve(SERVICE + "_" + version + ".tar.gz");
        Process tar = new ProcessBuilder("tar", "-C", src.getParent().toString(), "-czf", pkg.toString(), "VERSION", "db")
                .inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        return pkg;
    }

    private static CliProcess.Result deploy(String... args) {
        return CliProcess.deploy(work.resolve("cli-" + ++runs), args);
    }

    private static String current(String host) {
        try {
            return Files.readSymbolicLink(hostsRoot.resolve(host).resolve(SERVICE)).getFileName().toString();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> history(String host) throws IOException {
        return Files.readAllLines(hostsRoot.resolve(host).resolve("." + SERVICE + ".history"));
    }
}
