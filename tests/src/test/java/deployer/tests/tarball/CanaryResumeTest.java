package deployer.tests.tarball;

import com.sun.net.httpserver.HttpServer;
import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static deployer.tests.fixtures.DemoHosts.SERVICE;
import static deployer.tests.fixtures.DemoHosts.V1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rollout a gate stopped resumes at that gate: the first batch is not deployed again, the gate looks again (at the
 * same batch's host) and, passing now, lets the next batch go. Gates are tasks like any other, so the journal and
 * {@code --resume} carry them. On local hosts through the real deploy CLI, the gate probing a JDK HTTP server.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CanaryResumeTest {

    @TempDir
    Path work;
    HttpServer health;
    final AtomicBoolean failing = new AtomicBoolean(true);
    final List<String> probed = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void serve() throws Exception {
        health = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        health.createContext("/health", exchange -> {
            probed.add(exchange.getRequestURI().getQuery());
            int status = failing.get() ? 503 : 200;
            byte[] body = (status == 200 ? "OK" : "warming up").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        health.start();
    }

    @AfterEach
    void stop() {
        health.stop(0);
    }

    @Test
    void aRolloutAGateStoppedResumesAtThatGate() throws Exception {
        Path config = Files.writeString(work.resolve("canary.yaml"), "platform: tarball\n"
                + "hostgroup:\n"
                + "  web: [local:h1, local:h2, local:h3]\n"
                + "service:\n"
                + "  " + SERVICE + ":\n"
                + "    hostgroups: [web]\n"
                + "    install_location: " + work.resolve("hosts") + "/{hostname}\n"
                + "    stop_command: \"true\"\n"
                + "    start_command: \"true\"\n"
                + "    batches: [1, \"100%\"]\n"
                + "    gates:\n"
                + "      - http: {url: \"http://127.0.0.1:" + health.getAddress().getPort() + "/health?host={host}\", every: 1s, for: 2s}\n");
        CliProcess.Result first = CliProcess.deploy(work, "--config", config.toString(),
                "--directory", CliProcess.projectRoot().resolve("conf/demo/packages/v1").toString());
        assertThat(first.exitCode()).as(first.all()).isEqualTo(1);
        assertThat(first.stdout()).contains("GATE_FAILED", "answered HTTP 503, body: 'warming up'");
        assertThat(work.resolve("hosts/h2/" + SERVICE)).doesNotExist();
        String resume = first.stdout().lines().filter(l -> l.startsWith("Resume with: deploy ")).findFirst().orElseThrow();
        int probesBefore = probed.size();

        failing.set(false);
        List<String> args = Arrays.asList(resume.substring("Resume with: deploy ".length()).split(" "));
        CliProcess.Result resumed = CliProcess.deploy(work, args.toArray(String[]::new));

        assertThat(resumed.exitCode()).as(resumed.all()).isZero();
        List<String> started = resumed.stderr().lines().filter(l -> l.contains("Starting stage: "))
                .map(l -> l.substring(l.indexOf("Starting stage: ") + "Starting stage: ".length())).toList();
        assertThat(started).containsSubsequence("Deploy demo-web (batch 1 of 2)", "Gate after demo-web batch 1 of 2: http 2s",
                "Deploy demo-web (batch 2 of 2)");
        // The first batch's chain (stop, move, switch, start on h1) is done already (with the run's other done
        // tasks the engine does not redo); the gate and the rest run.
        java.util.regex.Matcher done = java.util.regex.Pattern.compile("ALREADY_DONE (\\d+)").matcher(resumed.stdout());
        assertThat(done.find()).as(resumed.stdout()).isTrue();
        assertThat(Integer.parseInt(done.group(1))).isGreaterThanOrEqualTo(4);
        assertThat(resumed.stdout()).containsPattern("Deploy demo-web \\(batch 1 of 2\\)\\s+ok in [0-9.]+ s \\(4 tasks\\)");
        assertThat(probed.size()).isGreaterThan(probesBefore);
        assertThat(probed).allMatch("host=h1"::equals);
        for (String h : List.of("h1", "h2", "h3")) {
            assertThat(Files.readSymbolicLink(work.resolve("hosts/" + h + "/" + SERVICE)).getFileName().toString()).isEqualTo(SERVICE + "_" + V1);
        }
    }
}
