package deployer.tests.tarball;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static deployer.tests.fixtures.DemoHosts.SERVICE;
import static deployer.tests.fixtures.DemoHosts.V1;
import static deployer.tests.fixtures.DemoHosts.V2;
import static deployer.tests.fixtures.DemoHosts.V3;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Canary batches and gates on four real OpenSSH hosts through the real CLI: {@code batches: [1, "50%", "100%"]} is
 * three batches (1, 1, 2 hosts), each its own stage in the plan and the run, with its gates as stages after it; an
 * http gate probes a JDK HTTP server this test serves (the host in the query), which answers 500 for the second
 * host, and the rollout stops after the second batch with the last two hosts untouched; a command gate that fails
 * ends in the recap with its stderr. The steps build on each other (v1, v2 stopped by a gate, v3 stopped by a gate).
 */
@Tag("sshd")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CanaryGatesSshTest {

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(4);

    @TempDir
    static Path work;
    static Path root;
    static List<String> hosts;
    static HttpServer health;
    /** The hosts the http gate probed, in order of the requests. */
    static final List<String> probed = Collections.synchronizedList(new ArrayList<>());
    /** Hosts the server answers 500 for. */
    static final Set<String> failing = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void serveHealth() throws Exception {
        root = ssh.writableDir("canary");
        hosts = ssh.hosts().stream().map(OpenSshServers.Host::address).toList();
        health = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        health.createContext("/health", exchange -> {
            String host = exchange.getRequestURI().getQuery().substring("host=".length());
            probed.add(host);
            int status = failing.contains(host) ? 500 : 200;
            byte[] body = (status == 200 ? "OK " + host : "error budget spent on " + host).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        health.start();
    }

    @AfterAll
    static void stopServing() {
        if (health != null) {
            health.stop(0);
        }
    }

    private static Path config(String name, String gates) throws IOException {
        String yaml = "platform: tarball\n"
                + "hostgroup:\n"
                + "  web: [" + ssh.hosts().stream().map(OpenSshServers.Host::remoteHost).collect(Collectors.joining(", ")) + "]\n"
                + "service:\n"
                + "  " + SERVICE + ":\n"
                + "    hostgroups: [web]\n"
                + "    install_location: " + root + "/{hostname}\n"
                + "    stop_command: \"true\"\n"
                + "    start_command: \"true\"\n"
                + "    min_nodes_up: 1\n"
                + "    batches: [1, \"50%\", \"100%\"]\n"
                + "    gates:\n" + gates
                + ssh.clientConfigYaml();
        return Files.writeString(work.resolve(name + ".yaml"), yaml);
    }

    private static String healthUrl() {
        return "http://127.0.0.1:" + health.getAddress().getPort() + "/health?host={host}";
    }

    private static CliProcess.Result deploy(Path config, String version, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--config", config.toString(),
                "--directory", CliProcess.projectRoot().resolve("conf/demo/packages/" + version).toString()));
        args.addAll(List.of(more));
        return CliProcess.deploy(work, args.toArray(String[]::new));
    }

    private static String current(String host) throws IOException {
        return Files.readSymbolicLink(root.resolve(host).resolve(SERVICE)).getFileName().toString();
    }

    private static String history(String host) throws IOException {
        return Files.readString(root.resolve(host).resolve("." + SERVICE + ".history"));
    }

    private static List<String> startedStages(CliProcess.Result r) {
        return r.stderr().lines().filter(l -> l.contains("Starting stage: "))
                .map(l -> l.substring(l.indexOf("Starting stage: ") + "Starting stage: ".length())).toList();
    }

    static final List<String> ROLLOUT = List.of(
            "Deploy demo-web (batch 1 of 3)",
            "Gate 1/2 after demo-web batch 1 of 3: pause 1s",
            "Gate 2/2 after demo-web batch 1 of 3: http 2s",
            "Deploy demo-web (batch 2 of 3)",
            "Gate 1/2 after demo-web batch 2 of 3: pause 1s",
            "Gate 2/2 after demo-web batch 2 of 3: http 2s",
            "Deploy demo-web (batch 3 of 3)");

    @Test
    @Order(1)
    void eachBatchIsAStageWithItsGatesAfterItInThePlanAndTheRunAndPassingGatesLetTheRolloutComplete() throws Exception {
        Path config = config("v1", "      - pause: 1s\n      - http: {url: \"" + healthUrl() + "\", expect: 200, body_contains: OK, every: 1s, for: 2s}\n");
        CliProcess.Result plan = CliProcess.buildTasklist(work, "--config", config.toString(), "--dump",
                "--directory", CliProcess.projectRoot().resolve("conf/demo/packages/v1").toString());
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        JsonNode stages = new ObjectMapper().readTree(plan.stdout()).get("stages");
        List<String> names = new ArrayList<>();
        stages.forEach(s -> names.add(s.get("name").asText()));
        assertThat(names).containsSubsequence(ROLLOUT);
        int first = names.indexOf(ROLLOUT.get(0));
        assertThat(names.subList(first, first + ROLLOUT.size())).isEqualTo(ROLLOUT);
        // Batch sizes 1, 1, 2: of 4 hosts "50%" is 2 hosts in all.
        assertThat(stages.get(first).get("tasks")).hasSize(1);
        assertThat(stages.get(first + 3).get("tasks")).hasSize(1);
        assertThat(stages.get(first + 6).get("tasks")).hasSize(2);
        assertThat(stages.get(first + 2).get("tasks").get(0).get("hosts").get(0).asText()).isEqualTo(hosts.get(0));

        Path report = work.resolve("v1-report.json");
        CliProcess.Result r = deploy(config, "v1", "--report-json", report.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        List<String> started = startedStages(r);
        int at = started.indexOf(ROLLOUT.get(0));
        assertThat(at).as(r.stderr()).isNotNegative();
        assertThat(started.subList(at, at + ROLLOUT.size())).isEqualTo(ROLLOUT);
        for (String h : hosts) {
            assertThat(current(h)).isEqualTo(SERVICE + "_" + V1);
        }
        // Each gate probed its own batch's host only: the first, then the second; never the last batch's.
        assertThat(Set.copyOf(probed)).containsExactlyInAnyOrder(hosts.get(0), hosts.get(1));
        assertThat(probed.indexOf(hosts.get(1))).isGreaterThan(probed.lastIndexOf(hosts.get(0)));
        assertThat(probed.stream().filter(hosts.get(0)::equals).count()).isGreaterThanOrEqualTo(2);
        // Each gate's verdict and what it measured are in its task's result.
        List<String> gateMessages = new ArrayList<>();
        new ObjectMapper().readTree(report.toFile()).get("tasks").forEach(t -> {
            if (t.get("command").asText().startsWith("gate_")) {
                gateMessages.add(t.get("status").asText() + " " + t.get("message").asText());
            }
        });
        assertThat(gateMessages).hasSize(4)
                .contains("SUCCEEDED paused 1s after demo-web batch 1 of 3", "SUCCEEDED paused 1s after demo-web batch 2 of 3")
                .anySatisfy(m -> assertThat(m).startsWith("SUCCEEDED http gate after demo-web batch 1 of 3 passed: 1 host answered"
                        + " HTTP 200 containing 'OK' in all ").contains(" looks over ", "(GET " + healthUrl() + ")"));
    }

    @Test
    @Order(2)
    void anHttpGateThatOneHostFailsStopsTheRolloutAfterItsBatchAndLaterHostsAreUntouched() throws Exception {
        probed.clear();
        failing.add(hosts.get(1));
        Path config = config("v2", "      - http: {url: \"" + healthUrl() + "\", every: 1s, for: 2s}\n");
        CliProcess.Result r = deploy(config, "v2");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        String url = healthUrl().replace("{host}", hosts.get(1));
        assertThat(r.stdout()).as(r.all()).contains("GATE_FAILED", "http gate after demo-web batch 2 of 3 failed after",
                "host " + hosts.get(1) + ": GET " + url + " answered HTTP 500, body: 'error budget spent on " + hosts.get(1) + "'");
        assertThat(startedStages(r)).contains("Gate after demo-web batch 1 of 3: http 2s", "Gate after demo-web batch 2 of 3: http 2s")
                .doesNotContain("Deploy demo-web (batch 3 of 3)");
        // The first two batches switched; the gate held the last two hosts on v1, their history without v2.
        assertThat(current(hosts.get(0))).isEqualTo(SERVICE + "_" + V2);
        assertThat(current(hosts.get(1))).isEqualTo(SERVICE + "_" + V2);
        for (String h : hosts.subList(2, 4)) {
            assertThat(current(h)).isEqualTo(SERVICE + "_" + V1);
            assertThat(history(h)).contains(V1).doesNotContain(V2);
            assertThat(probed).doesNotContain(h);
        }
        failing.clear();
    }

    @Test
    @Order(3)
    void aFailingCommandGateStopsTheRolloutWithItsStderrInTheRecap() throws Exception {
        Path config = config("v3", "      - command: {run: 'echo checking >&2; echo \"error rate 7% over 1% on $DEPLOY_HOST ($DEPLOY_VERSION)\" >&2; exit 3',"
                + " on: hosts, timeout: 30s}\n");
        CliProcess.Result r = deploy(config, "v3");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).as(r.all())
                .contains("gate_command on " + ssh.hosts().get(0).remoteHost() + " [demo-web]: GATE_FAILED: command gate after demo-web batch 1 of 3")
                .contains("ended with exit status 3")
                .contains("| error rate 7% over 1% on " + ssh.hosts().get(0).remoteHost() + " (" + V3 + ")");
        assertThat(startedStages(r)).doesNotContain("Deploy demo-web (batch 2 of 3)");
        assertThat(current(hosts.get(0))).isEqualTo(SERVICE + "_" + V3);
        assertThat(current(hosts.get(1))).isEqualTo(SERVICE + "_" + V2);
        assertThat(current(hosts.get(2))).isEqualTo(SERVICE + "_" + V1);
    }
}
