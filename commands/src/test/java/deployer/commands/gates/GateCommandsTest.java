package deployer.commands.gates;

import com.sun.net.httpserver.HttpServer;
import deployer.commands.CommandTester;
import deployer.core.spi.CommandResult.Outcome;
import deployer.core.spi.FailureReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static deployer.commands.CommandTester.command;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate commands on their own: http against a real JDK HTTP server (the host is a query parameter, so one server
 * stands for several hosts), pause and command on the real local shell.
 */
class GateCommandsTest {

    private HttpServer server;
    /** host → the status it answers; absent: 200. */
    private final Map<String, Integer> status = new ConcurrentHashMap<>();
    /** host → the answers after which it turns to 500. */
    private final Map<String, Integer> failAfter = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            String host = exchange.getRequestURI().getQuery().substring("host=".length());
            int n = requests.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
            int code = n > failAfter.getOrDefault(host, Integer.MAX_VALUE) ? 500 : status.getOrDefault(host, 200);
            byte[] body = (code == 200 ? "OK " + host : "boom on " + host).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private CommandTester http(String... hosts) {
        return command("gate_http").arg("after", "web batch 1 of 3")
                .arg("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/health?host={host}")
                .arg("hosts", List.of(hosts)).arg("every", 0.05).arg("for", 0.3);
    }

    @Test
    void anHttpGateThatHoldsForTheWholeWindowPassesSayingWhatItMeasured() throws Exception {
        CommandTester.Run r = http("a", "b").arg("body_contains", "OK").run();
        assertThat(r.result().outcome()).as(r.message()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.message()).startsWith("http gate after web batch 1 of 3 passed: 2 hosts answered HTTP 200 containing 'OK' in all ")
                .contains(" looks over ");
        // It looked at every host at both ends of the window at least.
        assertThat(requests.get("a").get()).isGreaterThanOrEqualTo(2);
        assertThat(requests.get("b").get()).isEqualTo(requests.get("a").get());
    }

    @Test
    void oneHostAnsweringOtherwiseFailsTheGateNamingTheHostTheUrlAndTheAnswer() throws Exception {
        failAfter.put("b", 2);
        CommandTester.Run r = http("a", "b", "c").run();
        assertThat(r.result().reason()).isEqualTo(Gates.GATE_FAILED);
        assertThat(r.message()).contains("http gate after web batch 1 of 3 failed after", "(look 3)",
                "host b: GET http://127.0.0.1:" + server.getAddress().getPort() + "/health?host=b answered HTTP 500, body: 'boom on b'",
                "expected HTTP 200").doesNotContain("host a", "host c");
    }

    @Test
    void aBodyWithoutTheWantedTextIsAMiss() throws Exception {
        CommandTester.Run r = http("a").arg("body_contains", "READY").run();
        assertThat(r.result().reason()).isEqualTo(Gates.GATE_FAILED);
        assertThat(r.message()).contains("host a:", "answered HTTP 200 without 'READY', body: 'OK a'", "(look 1)");
    }

    @Test
    void anExpectedStatusOtherThan200IsWhatCounts() throws Exception {
        status.put("a", 500);
        assertThat(http("a").arg("expect", 500).run().result().outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void aHostThatRefusesTheConnectionFailsTheGate() throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0);
        CommandTester.Run r = http("a").run();
        assertThat(r.result().reason()).isEqualTo(Gates.GATE_FAILED);
        assertThat(r.message()).contains("host a: GET http://127.0.0.1:" + port + "/health?host=a: connection refused");
    }

    @Test
    void aStopEndsTheWindowAsInterrupted() throws Exception {
        CommandTester.Run r = http("a").arg("for", 30).stopWhen(() -> requests.get("a") != null && requests.get("a").get() >= 2).run();
        assertThat(r.result().reason()).isEqualTo(FailureReason.INTERRUPTED);
        assertThat(r.message()).contains("http gate after web batch 1 of 3: stopped after", "the run is stopping");
    }

    @Test
    void badHttpArgumentsAreProblemsBeforeAnythingRuns() {
        assertThat(http("a").arg("every", 1).arg("for", 0.5).problems())
                .anySatisfy(p -> assertThat(p).contains("argument 'for' (0.5s) is shorter than 'every' (1s)"));
        assertThat(http("a").arg("url", "ftp://{host}/").problems()).anySatisfy(p -> assertThat(p).contains("expected an http:// or https:// URL"));
        assertThat(http("a").arg("expect", 42).problems()).anySatisfy(p -> assertThat(p).contains("expected an HTTP status from 100 to 599"));
        assertThat(http().problems()).anySatisfy(p -> assertThat(p).contains("argument 'hosts' is empty"));
    }

    @Test
    void badPrometheusArgumentsAreProblemsBeforeAnythingRuns() {
        CommandTester q = command("gate_prometheus").arg("url", "http://127.0.0.1:9090").arg("query", "up");
        assertThat(q.problems()).anySatisfy(p -> assertThat(p).contains("expected 'max' or 'min' (or both)"));
        assertThat(command("gate_prometheus").arg("url", "http://127.0.0.1:9090").arg("query", "up").arg("min", 2).arg("max", 1).problems())
                .anySatisfy(p -> assertThat(p).contains("argument 'min' (2.0) is above 'max' (1.0)"));
        assertThat(command("gate_prometheus").arg("url", "ftp://x").arg("query", "up").arg("max", 1).problems())
                .anySatisfy(p -> assertThat(p).contains("expected Prometheus's http:// or https:// base URL"));
        assertThat(command("gate_prometheus").arg("url", "http://x:9090").arg("query", "up").arg("max", 1).arg("every", 30).arg("for", 10).problems())
                .anySatisfy(p -> assertThat(p).contains("argument 'for' (10s) is shorter than 'every' (30s)"));
    }

    @Test
    void aPauseWaitsAndPasses() throws Exception {
        CommandTester.Run r = command("gate_pause").arg("after", "web batch 1 of 3").arg("seconds", 0.2).run();
        assertThat(r.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.message()).isEqualTo("paused 0.2s after web batch 1 of 3");
        assertThat(r.log().all()).satisfies(l -> assertThat(l).contains("Pausing 0.2s after web batch 1 of 3: the next batch starts at"));
    }

    @Test
    void aStopEndsAPause() throws Exception {
        long start = System.nanoTime();
        CommandTester.Run r = command("gate_pause").arg("seconds", 600).stopWhen(() -> System.nanoTime() - start > 200_000_000L).run();
        assertThat(r.result().reason()).isEqualTo(FailureReason.INTERRUPTED);
        assertThat(r.message()).contains("pause after the batch: stopped after");
    }

    @Test
    void aCommandGatePassesOnExitZeroAndSaysWhatItPrintedLast() throws Exception {
        CommandTester.Run r = command("gate_command").arg("after", "web batch 1 of 3")
                .arg("shell", "echo checking; echo \"error rate 0.1% on $DEPLOY_BATCH_HOSTS\"")
                .arg("env", Map.of("DEPLOY_BATCH_HOSTS", "a b")).run();
        assertThat(r.result().outcome()).as(r.message()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.message()).endsWith("passed: 'echo checking; echo \"error rate 0.1% on $DEPLOY_BATCH_HOSTS\"' exited 0, saying: error rate 0.1% on a b");
    }

    @Test
    void aCommandGateFailingGivesItsExitStatusAndStderr() throws Exception {
        CommandTester.Run r = command("gate_command").arg("shell", "echo 'error rate 7% > 1%' >&2; exit 3").run();
        assertThat(r.result().reason()).isEqualTo(Gates.GATE_FAILED);
        assertThat(r.result().exitStatus()).isEqualTo(3);
        assertThat(r.message()).contains("failed: 'echo 'error rate 7% > 1%' >&2; exit 3' ended with exit status 3");
        assertThat(r.result().outputTail()).containsExactly("error rate 7% > 1%");
    }
}
