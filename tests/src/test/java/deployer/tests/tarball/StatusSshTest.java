package deployer.tests.tarball;

import deployer.tests.fixtures.DemoHosts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import static deployer.tests.fixtures.DemoHosts.V1;
import static deployer.tests.fixtures.DemoHosts.V2;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy status} against three real OpenSSH hosts running the demo service (released v1, then v2), through the
 * real CLI: all up and at the newest package; then one service stopped (table and JSON say which, exit 1, and the
 * status changed nothing); then against the config's own packages (v1), which every host is not at; then with one host's sshd gone.
 */
@Tag("sshd")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusSshTest {

    /** Apart from the demo's 18080 and the other end-to-end tests' ports. */
    static final int PORT = 18093;

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(3).addressesPerServer(1);

    @TempDir
    static Path work;
    static Path config;
    static Path packages;
    static DemoHosts demo;
    static List<String> hosts;

    @BeforeAll
    static void releaseV1ThenV2() throws Exception {
        Path project = CliProcess.projectRoot();
        packages = project.resolve("conf/demo/packages");
        Path root = ssh.writableDir("hosts");
        hosts = ssh.hosts().stream().map(OpenSshServers.Host::address).toList();
        demo = new DemoHosts(root, hosts, PORT);
        String sshHosts = ssh.hosts().stream().map(OpenSshServers.Host::remoteHost).collect(Collectors.joining(", "));
        String yaml = Files.readAllLines(project.resolve("conf/demo.yaml")).stream()
                .filter(line -> !line.isBlank() && !line.strip().startsWith("#"))
                .collect(Collectors.joining("\n", "", "\n"))
                .replaceFirst("hosts: \\[local:[^]]*]", "hosts: [" + sshHosts + "]")
                .replace("/tmp/deployer-demo", root.toString())
                .replace("port: 18080", "port: " + PORT)
                .replace("min_nodes_up: 2", "min_nodes_up: 1")
                .replace("tarballs: demo/packages/v1", "tarballs: " + packages.resolve("v1"))
                + ssh.clientConfigYaml();
        assertThat(yaml).doesNotContain("local:", "/tmp/deployer-demo").contains("port: " + PORT);
        config = Files.writeString(work.resolve("status.yaml"), yaml);
        CliProcess.Result v1 = CliProcess.deploy(work.resolve("cli"), "--config", config.toString());
        assertThat(v1.exitCode()).as(v1.all()).isZero();
        CliProcess.Result v2 = CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--directory", packages.resolve("v2").toString());
        assertThat(v2.exitCode()).as(v2.all()).isZero();
    }

    @AfterAll
    static void stopTheServices() throws Exception {
        if (demo != null) {
            demo.stopServices();
        }
    }

    @Test
    @Order(1)
    void everyHostUpAndAtTheNewestPackage() {
        CliProcess.Result r = status("--directory", packages.resolve("v2").toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines.get(0)).startsWith("SERVICE").contains("HOST", "CURRENT", "NEWEST", "STATE", "PREVIOUS", "ROLLBACK TO");
        for (OpenSshServers.Host h : ssh.hosts()) {
            assertThat(lines).anySatisfy(l -> assertThat(l.split(" +"))
                    .startsWith("demo-web", h.remoteHost(), V2, V2, "up", V1, V1));
        }
        assertThat(r.stdout()).contains("Newest demo-web: " + V2 + " (from package demo-web_" + V2 + ".tar.gz)",
                "All hosts up and at the newest release");

        // --output takes text|json as deploy's does; status's old spelling, table, still works.
        for (String text : List.of("text", "table")) {
            CliProcess.Result same = status("--directory", packages.resolve("v2").toString(), "--output", text);
            assertThat(same.exitCode()).as(same.all()).isZero();
            assertThat(same.stdout()).isEqualTo(r.stdout());
        }
    }

    @Test
    @Order(2)
    void aStoppedServiceIsDownInTheTableAndTheJsonAndNothingIsChanged() throws Exception {
        OpenSshServers.Host stopped = ssh.host(1);
        Process stop = new ProcessBuilder("sh", demo.root(stopped.address()).resolve("demo-web/bin/ctl").toString(), "stop")
                .redirectErrorStream(true).start();
        assertThat(stop.waitFor()).isZero();
        awaitNotAnswering(stopped.address());
        // `ctl stop` only sends TERM: until the JVM has exited, `ctl status` still finds it (then status says
        // unhealthy, not down). Wait for the process itself to be gone.
        awaitStopped(demo.root(stopped.address()).resolve("demo-web/bin/ctl"));

        CliProcess.Result table = status("--directory", packages.resolve("v2").toString());
        assertThat(table.exitCode()).as(table.all()).isEqualTo(1);
        assertThat(table.stdout().lines()).anySatisfy(l -> assertThat(l.split(" +"))
                .startsWith("demo-web", stopped.remoteHost(), V2, V2, "down", V1, V1, "check_command", "exited"));
        assertThat(table.stdout()).contains("Not answering: demo-web on " + stopped.remoteHost() + ": down")
                .doesNotContain("Not at the newest release");

        CliProcess.Result json = status("--directory", packages.resolve("v2").toString(), "--output", "json");
        assertThat(json.exitCode()).as(json.all()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(json.stdout());
        assertThat(report.path("format_version").asInt()).isEqualTo(1);
        assertThat(report.path("ok").asBoolean()).isFalse();
        JsonNode service = report.path("services").get(0);
        assertThat(service.path("service").asText()).isEqualTo("demo-web");
        assertThat(service.path("newest").asText()).isEqualTo(V2);
        assertThat(service.path("hosts")).hasSize(3);
        for (JsonNode h : service.path("hosts")) {
            boolean isStopped = h.path("host").asText().equals(stopped.remoteHost());
            assertThat(h.path("current").asText()).isEqualTo(V2);
            assertThat(h.path("previous").get(0).asText()).isEqualTo(V1);
            assertThat(h.path("rollback_to").asText()).isEqualTo(V1);
            assertThat(h.path("rollback_note").asText()).isEmpty();
            assertThat(h.path("standing").asText()).isEqualTo("at_newest");
            assertThat(h.path("at_newest").asBoolean()).isTrue();
            assertThat(h.path("state").asText()).isEqualTo(isStopped ? "down" : "up");
            assertThat(h.path("ok").asBoolean()).isEqualTo(!isStopped);
        }
        // Status only reads: the stopped service stays stopped, every link where it was.
        assertThat(demo.answers(stopped.address())).isFalse();
        for (String h : hosts) {
            assertThat(demo.current(h)).isEqualTo("demo-web_" + V2);
        }
    }

    @Test
    @Order(3)
    void hostsNotAtTheConfigsPackageAreNamedAsAheadOfIt() throws Exception {
        // Without --directory the newest package is the config's tarballs: v1, which no host runs; they run v2, which
        // their histories say came after v1: ahead, not behind.
        CliProcess.Result r = status("--output", "json", "--hosts", ssh.host(0).remoteHost());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        JsonNode service = new ObjectMapper().readTree(r.stdout()).path("services").get(0);
        assertThat(service.path("newest").asText()).isEqualTo(V1);
        assertThat(service.path("hosts")).hasSize(1);
        assertThat(service.path("hosts").get(0).path("at_newest").asBoolean()).isFalse();
        assertThat(service.path("hosts").get(0).path("standing").asText()).isEqualTo("ahead");
        assertThat(service.path("hosts").get(0).path("state").asText()).isEqualTo("up");

        CliProcess.Result table = status("--hosts", ssh.host(0).remoteHost());
        assertThat(table.exitCode()).as(table.all()).isEqualTo(1);
        assertThat(table.stdout()).contains(V1 + " (ahead)", "Ahead of the newest release: demo-web on " + ssh.host(0).remoteHost()
                + " (at " + V2 + ", newer than " + V1 + ")").doesNotContain("(behind)");
    }

    @Test
    @Order(4)
    void aPlatformWithoutStatusSaysSo() {
        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "status", "--config", CliProcess.projectRoot().resolve("conf/test.yaml").toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("status not supported by platform 'test'");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    @Order(5)
    void anUnreachableHostIsARowAndTheOthersAreStillShown() throws Exception {
        ssh.kill(2);
        CliProcess.Result r = status("--directory", packages.resolve("v2").toString(), "--output", "json");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        JsonNode hostsRead = new ObjectMapper().readTree(r.stdout()).path("services").get(0).path("hosts");
        assertThat(hostsRead).hasSize(3);
        assertThat(hostsRead.get(0).path("state").asText()).isEqualTo("up");
        assertThat(hostsRead.get(2).path("state").asText()).isEqualTo("unreachable");
        assertThat(hostsRead.get(2).path("detail").asText()).contains("UNREACHABLE");
        assertThat(hostsRead.get(2).path("current").isNull()).isTrue();
    }

    private static CliProcess.Result status(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "status";
        all[1] = "--config";
        all[2] = config.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return CliProcess.deploy(work.resolve("cli"), all);
    }

    private static void awaitStopped(Path ctl) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (new ProcessBuilder("sh", ctl.toString(), "status").redirectErrorStream(true).start().waitFor() == 0) {
            assertThat(Instant.now()).as("the demo service's process (%s status) is still there", ctl).isBefore(deadline);
            DemoHosts.sleep(100);
        }
    }

    private static void awaitNotAnswering(String host) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (demo.answers(host)) {
            assertThat(Instant.now()).as("the demo service on %s still answers", host).isBefore(deadline);
            DemoHosts.sleep(100);
        }
    }
}
