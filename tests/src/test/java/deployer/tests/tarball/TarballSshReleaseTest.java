package deployer.tests.tarball;

import deployer.tests.fixtures.DemoHosts;

import deployer.core.testing.CarbonCache;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static deployer.tests.fixtures.DemoHosts.V1;
import static deployer.tests.fixtures.DemoHosts.V2;
import static deployer.tests.fixtures.DemoHosts.V3;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo release (conf/demo.yaml and its packages) over SSH to four real OpenSSH hosts 127.0.0.2-5, through the
 * real deploy CLI, with deploy metrics going to a real carbon-cache. The hosts share this machine: each gets its
 * own root {@code <root>/{hostname}} (writable by the SSH login user, who is not root) and the service binds the
 * host's own address on one port. v1, a rolling v2 while the hosts are watched, a rerun that skips, a rollback to
 * v1, then v3 and cleanup. The steps build on each other, so they run in order.
 */
@Tag("sshd")
@Tag("carbon")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TarballSshReleaseTest {

    static final int HOST_COUNT = 4;
    /** conf/demo.yaml's: of four hosts, two at least stay up, so the rollout goes two at a time. */
    static final int MIN_NODES_UP = 2;
    static final int KEEP_VERSIONS = 2;
    /** Apart from the demo's 18080 and the local end-to-end test's 18081. */
    static final int PORT = 18082;
    static final String METRIC_PREFIX = "e2e.ssh";

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(HOST_COUNT);

    @TempDir
    static Path work;
    static Path config;
    static Path packages;
    static CarbonCache carbon;
    static DemoHosts demo;
    static List<String> hosts;

    @BeforeAll
    static void startCarbonAndWriteTheConfig() throws Exception {
        carbon = CarbonCache.start(Files.createDirectories(work.resolve("carbon")));
        Path project = CliProcess.projectRoot();
        packages = project.resolve("conf/demo/packages");
        Path root = ssh.writableDir("hosts");
        hosts = ssh.hosts().stream().map(OpenSshServers.Host::address).toList();
        demo = new DemoHosts(root, hosts, PORT);
        String sshHosts = ssh.hosts().stream().map(OpenSshServers.Host::remoteHost).collect(Collectors.joining(", "));
        // The demo's comments describe its local hosts: left out.
        String demoYaml = Files.readAllLines(project.resolve("conf/demo.yaml")).stream()
                .filter(line -> !line.isBlank() && !line.strip().startsWith("#"))
                .collect(Collectors.joining("\n", "", "\n"));
        String yaml = demoYaml
                .replaceFirst("hosts: \\[local:[^]]*]", "hosts: [" + sshHosts + "]")
                .replace("/tmp/deployer-demo", root.toString())
                .replace("port: 18080", "port: " + PORT)
                .replace("tarballs: demo/packages/v1", "tarballs: " + packages.resolve("v1"))
                + ssh.clientConfigYaml()
                + "graphite:\n"
                + "  carbon_host: " + carbon.host() + "\n"
                + "  carbon_port: " + carbon.port() + "\n"
                + "  metric_prefix: " + METRIC_PREFIX + "\n";
        assertThat(yaml).doesNotContain("local:", "/tmp/deployer-demo")
                .contains("hosts: [" + sshHosts + "]", "install_location: " + root + "/{hostname}", "port: " + PORT,
                        "min_nodes_up: " + MIN_NODES_UP, "keep_versions: " + KEEP_VERSIONS);
        config = work.resolve("demo-ssh.yaml");
        Files.writeString(config, yaml);
    }

    @AfterAll
    static void stopTheServicesAndCarbon() throws Exception {
        try {
            if (demo != null) {
                demo.stopServices();
            }
        } finally {
            if (carbon != null) {
                carbon.close();
            }
        }
    }

    @Test
    @Order(1)
    void firstRunReleasesV1ToEveryHostAndItAnswers() throws Exception {
        CliProcess.Result r = deploy("--config", config.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("Starting stage: Deploy demo-web (batch 1 of 2)", "Starting stage: Deploy demo-web (batch 2 of 2)");
        // One task per host in upload, unpack and cleanup: nothing waits for an SSH session, nothing to warn about.
        assertThat(r.stderr()).doesNotContain("one SSH connection carries at most");
        for (String h : hosts) {
            assertThat(demo.current(h)).isEqualTo("demo-web_" + V1);
            assertThat(demo.health(h)).isEqualTo("OK demo-web " + V1 + " on " + h + ":" + PORT + "\n");
            assertThat(demo.root(h).resolve(".deployer-tmp")).isEmptyDirectory();
        }
        // The service runs as the SSH login user, from the release it was started from.
        assertThat(Files.getOwner(demo.root(hosts.get(0)).resolve("demo-web_" + V1)).getName()).isEqualTo(ssh.user());
        assertThat(metric("deploy.demo-web.start", 1)).containsExactly(1.0);
        assertThat(metric("deploy.demo-web.end", 1)).containsExactly(1.0);
    }

    @Test
    @Order(2)
    void v2RollsOutTwoHostsAtATimeWhileAtLeastMinNodesUpAnswer() throws Exception {
        DemoHosts.Watch watch = demo.watch();
        CliProcess.Result r = deploy("--config", config.toString(), "--directory", packages.resolve("v2").toString());
        List<Integer> upPerSample = watch.stop();

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("Starting stage: Deploy demo-web (batch 1 of 2)", "Starting stage: Deploy demo-web (batch 2 of 2)");
        for (String h : hosts) {
            assertThat(demo.current(h)).isEqualTo("demo-web_" + V2);
            assertThat(demo.health(h)).contains(V2);
        }
        // Every look during the rollout found at least min_nodes_up hosts answering, and the rollout was really seen
        // (some look found hosts down).
        assertThat(upPerSample).isNotEmpty().allSatisfy(up -> assertThat(up).isGreaterThanOrEqualTo(MIN_NODES_UP));
        assertThat(upPerSample).anySatisfy(up -> assertThat(up).isLessThan(HOST_COUNT));
    }

    @Test
    @Order(3)
    void rerunSkipsEveryHostAlreadyAtTheVersion() throws Exception {
        CliProcess.Result r = deploy("--config", config.toString(), "--directory", packages.resolve("v2").toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("Nothing to deploy");
        for (OpenSshServers.Host h : ssh.hosts()) {
            assertThat(r.stderr()).contains("demo-web on " + h.remoteHost() + " is already at " + V2 + "; skipping it");
        }
        assertThat(r.stderr()).doesNotContain("Starting stage:");
        for (String h : hosts) {
            assertThat(demo.current(h)).isEqualTo("demo-web_" + V2);
            assertThat(demo.health(h)).contains(V2);
        }
    }

    @Test
    @Order(4)
    void rollbackReturnsEveryHostToV1() throws Exception {
        CliProcess.Result r = deploy("--config", config.toString(), "--rollback", "demo-web");
        assertThat(r.exitCode()).as(r.all()).isZero();
        for (String h : hosts) {
            assertThat(demo.current(h)).isEqualTo("demo-web_" + V1);
            assertThat(demo.health(h)).contains(V1);
        }
        assertThat(metric("rollback.demo-web.start", 1)).containsExactly(1.0);
        assertThat(metric("rollback.demo-web.end", 1)).containsExactly(1.0);
    }

    @Test
    @Order(5)
    void v3AndCleanupKeepTheNewestReleasesAndNeverTheCurrentOneAway() throws Exception {
        CliProcess.Result r = deploy("--config", config.toString(), "--directory", packages.resolve("v3").toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        for (String h : hosts) {
            assertThat(demo.current(h)).isEqualTo("demo-web_" + V3);
            assertThat(demo.health(h)).contains(V3);
            // keep_versions: 2 keeps v3 and v2, the newest; v1, the oldest directory, is kept too: the history (v2 was
            // rolled back from) says the next rollback returns to it.
            assertThat(demo.releases(h)).hasSize(KEEP_VERSIONS + 1).containsExactlyInAnyOrder("demo-web_" + V1, "demo-web_" + V2, "demo-web_" + V3);
            assertThat(demo.root(h).resolve(".deployer-tmp")).isEmptyDirectory();
        }
        // One start and one end metric per deploy that did something: v1, v2 and v3 (the rerun had nothing to do).
        assertThat(metric("deploy.demo-web.start", 3)).containsExactly(1.0, 1.0, 1.0);
        assertThat(metric("deploy.demo-web.end", 3)).containsExactly(1.0, 1.0, 1.0);
    }

    /**
     * Runs the deploy CLI; every host must have been reached over exactly one SSH connection for the whole run
     * (remote versions read by the generator, then the tasks).
     */
    private static CliProcess.Result deploy(String... args) {
        List<Integer> before = connections();
        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), args);
        List<Integer> after = connections();
        for (int i = 0; i < HOST_COUNT; i++) {
            assertThat(after.get(i) - before.get(i)).as("SSH connections to %s in this run; %s", ssh.host(i).remoteHost(), r.all())
                    .isEqualTo(1);
        }
        return r;
    }

    private static List<Integer> connections() {
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < HOST_COUNT; i++) {
            counts.add(ssh.connections(i));
        }
        return counts;
    }

    /**
     * The values carbon has stored for {@code <prefix>.<name>}, read with whisper-fetch. Carbon writes asynchronously:
     * this waits (up to 30 s) until at least {@code atLeast} values are there, then returns what is there.
     */
    private static List<Double> metric(String name, int atLeast) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        List<Double> values = carbon.values(METRIC_PREFIX + "." + name, Duration.ofSeconds(30));
        while (values.size() < atLeast && Instant.now().isBefore(deadline)) {
            DemoHosts.sleep(100);
            values = carbon.values(METRIC_PREFIX + "." + name, Duration.ofSeconds(30));
        }
        return values;
    }
}
