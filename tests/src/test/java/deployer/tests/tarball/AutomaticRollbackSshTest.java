package deployer.tests.tarball;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import deployer.tests.fixtures.DemoHosts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static deployer.tests.fixtures.DemoHosts.SERVICE;
import static deployer.tests.fixtures.DemoHosts.V1;
import static deployer.tests.fixtures.DemoHosts.V2;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code on_failure: rollback} on six real OpenSSH hosts running the demo service, through the real CLI:
 * {@code batches: [1, "50%", "100%"]} (1, 2, 3 hosts) with {@code min_nodes_up: 3}; v1 everywhere, then v2 whose
 * health check fails on the second batch's hosts (a marker file there makes the check refuse v2 alone). The run
 * fails, and every host this run switched goes back to v1 in reverse batch order through the deploy's chain, while
 * a probe asking every host's /health every 100 ms sees at least min_nodes_up answering in every look; the history
 * files name the automatic rollback and its run; the hosts the run never reached are untouched.
 */
@Tag("sshd")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutomaticRollbackSshTest {

    static final int HOST_COUNT = 6;
    static final int MIN_NODES_UP = 3;
    /** Apart from the other end-to-end tests' ports. */
    static final int PORT = 18086;

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(HOST_COUNT);

    @TempDir
    static Path work;
    static Path config;
    static Path packages;
    static DemoHosts demo;
    static List<String> hosts;

    @BeforeAll
    static void writeTheConfig() throws Exception {
        packages = CliProcess.projectRoot().resolve("conf/demo/packages");
        Path root = ssh.writableDir("hosts");
        hosts = ssh.hosts().stream().map(OpenSshServers.Host::address).toList();
        demo = new DemoHosts(root, hosts, PORT);
        String yaml = "platform: tarball\n"
                + "keep_versions: 2\n"
                + "hostgroup:\n"
                + "  web: [" + ssh.hosts().stream().map(OpenSshServers.Host::remoteHost).collect(Collectors.joining(", ")) + "]\n"
                + "service:\n"
                + "  " + SERVICE + ":\n"
                + "    hostgroups: [web]\n"
                + "    port: " + PORT + "\n"
                + "    install_location: " + root + "/{hostname}\n"
                + "    stop_command: \"[ ! -e {install_location}/{servicename} ] || sh {install_location}/{servicename}/bin/ctl stop\"\n"
                + "    start_command: \"sh {install_location}/{servicename}/bin/ctl start {hostname} {port}\"\n"
                + "    check_command: \"sh {install_location}/{servicename}/bin/ctl status\"\n"
                + "    control_timeout: 30\n"
                // Fails only for a version that has a marker on the host: .fail-<version> in its install_location.
                + "    health_check: \"curl -fsS -o /dev/null http://{hostname}:{port}/health && [ ! -e {install_location}/.fail-{version} ]\"\n"
                + "    check_timeout: 30\n"
                + "    min_nodes_up: " + MIN_NODES_UP + "\n"
                + "    batches: [1, \"50%\", \"100%\"]\n"
                + "    on_failure: rollback\n"
                + ssh.clientConfigYaml();
        config = Files.writeString(work.resolve("rollback.yaml"), yaml);
    }

    @AfterAll
    static void stopTheServices() throws Exception {
        if (demo != null) {
            demo.stopServices();
        }
    }

    private static CliProcess.Result deploy(String version) {
        return CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--directory", packages.resolve(version).toString());
    }

    private static String history(String host) throws IOException {
        return Files.readString(demo.root(host).resolve("." + SERVICE + ".history"));
    }

    private static List<String> startedStages(CliProcess.Result r) {
        return r.stderr().lines().filter(l -> l.contains("Starting stage: "))
                .map(l -> l.substring(l.indexOf("Starting stage: ") + "Starting stage: ".length())).toList();
    }

    @Test
    @Order(1)
    void v1GoesToEveryHost() throws Exception {
        CliProcess.Result r = deploy("v1");
        assertThat(r.exitCode()).as(r.all()).isZero();
        for (String h : hosts) {
            assertThat(demo.current(h)).isEqualTo(SERVICE + "_" + V1);
            assertThat(demo.health(h)).contains(V1);
        }
    }

    @Test
    @Order(2)
    void aHealthCheckThatFailsInTheSecondBatchSendsEveryHostTheRunSwitchedBackToV1WhileMinNodesUpAnswer() throws Exception {
        // The second batch is hosts 2 and 3 (of six, "50%" is three hosts in all).
        for (String h : hosts.subList(1, 3)) {
            Files.writeString(demo.root(h).resolve(".fail-" + V2), "");
        }
        DemoHosts.Watch watch = demo.watch(100);
        CliProcess.Result r = deploy("v2");
        List<Integer> upPerSample = watch.stop();

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        List<String> started = startedStages(r);
        assertThat(started).as(r.stderr()).containsSubsequence("Deploy demo-web (batch 1 of 3)", "Deploy demo-web (batch 2 of 3)",
                "Roll back demo-web automatically (batch 3 of 3)", "Roll back demo-web automatically (batch 2 of 3)",
                "Roll back demo-web automatically (batch 1 of 3)", "Automatic rollback: what happened");
        // The third batch never deployed: its hosts' checks found them on v1 and skipped their chains.
        assertThat(started).doesNotContain("Deploy demo-web (batch 3 of 3)");

        for (String h : hosts) {
            assertThat(demo.current(h)).as(h).isEqualTo(SERVICE + "_" + V1);
            assertThat(demo.health(h)).as(h).contains(V1);
        }
        String runId = runId(r);
        for (String h : hosts.subList(0, 3)) {
            List<String> lines = history(h).lines().toList();
            String last = lines.get(lines.size() - 1);
            assertThat(last.split("\t")).as(h + ": " + last).hasSizeGreaterThanOrEqualTo(4);
            assertThat(last.split("\t")[1]).isEqualTo("rollback (automatic, run " + runId + ")");
            assertThat(last.split("\t")[2]).endsWith(SERVICE + "_" + V2);
            assertThat(last.split("\t")[3]).endsWith(SERVICE + "_" + V1);
        }
        for (String h : hosts.subList(3, 6)) {
            assertThat(history(h)).as(h).doesNotContain(V2, "automatic");
        }
        // The summary says per host what happened; the failure that started it is there too.
        assertThat(r.stdout()).as(r.all()).contains("FAILED", "health_check")
                .contains("demo-web " + V2 + ": rolled back 3 hosts to demo-web_" + V1 + " (" + remote(0) + ", " + remote(1) + ", " + remote(2) + ")")
                .contains("3 hosts never changed (" + remote(3) + ", " + remote(4) + ", " + remote(5) + ")");
        // Every look found at least min_nodes_up hosts answering, and the rollout and the rollback were seen (some look
        // found hosts down).
        assertThat(upPerSample).hasSizeGreaterThan(10).allSatisfy(up -> assertThat(up).isGreaterThanOrEqualTo(MIN_NODES_UP));
        assertThat(upPerSample).anySatisfy(up -> assertThat(up).isLessThan(HOST_COUNT));
    }

    private static String remote(int i) {
        return ssh.hosts().get(i).remoteHost();
    }

    private static String runId(CliProcess.Result r) {
        Matcher m = Pattern.compile("Run id: (\\S+)").matcher(r.stdout());
        assertThat(m.find()).as(r.stdout()).isTrue();
        return m.group(1);
    }
}
