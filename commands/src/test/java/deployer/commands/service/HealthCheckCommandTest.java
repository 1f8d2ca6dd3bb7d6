package deployer.commands.service;

import com.sun.net.httpserver.HttpServer;
import deployer.core.model.HostAddress;
import deployer.core.spi.CommandResult.Outcome;
import deployer.core.spi.FailureReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static deployer.commands.CommandTester.command;
import static deployer.commands.support.TemplateValues.defaultHostname;
import static org.assertj.core.api.Assertions.assertThat;

/** health_check by URL against a real HTTP server, and by command on a real shell. */
class HealthCheckCommandTest {

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    /** The server answers 503 to this many requests, then 200. */
    private final AtomicInteger unhealthyAnswers = new AtomicInteger();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            requests.incrementAndGet();
            int status = unhealthyAnswers.getAndDecrement() > 0 ? 503 : 200;
            byte[] body = (status == 200 ? "ok" : "starting").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private int port() {
        return server.getAddress().getPort();
    }

    @Test
    void aUrlAnswering2xxIsHealthy() throws Exception {
        var run = command("health_check").arg("servicename", "web").arg("hostname", "127.0.0.1").arg("port", port())
                .arg("url", "http://{hostname}:{port}/health").run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.message()).contains("HTTP 200");
        assertThat(requests).hasValue(1);
    }

    @Test
    void non2xxAnswersMeanNotYet() throws Exception {
        unhealthyAnswers.set(3);
        var run = command("health_check").arg("hostname", "127.0.0.1").arg("port", port())
                .arg("url", "http://{hostname}:{port}/health").arg("interval", 0.05).run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(requests).hasValue(4);
    }

    @Test
    void aServiceThatStaysUnhealthyTimesOutWithTheLastAnswer() throws Exception {
        unhealthyAnswers.set(Integer.MAX_VALUE);
        var run = command("health_check").arg("servicename", "web").arg("hostname", "127.0.0.1").arg("port", port())
                .arg("url", "http://{hostname}:{port}/health").arg("check_timeout", 0.3).arg("interval", 0.05).run();
        assertThat(run.result().reason()).isEqualTo(FailureReason.TIMEOUT);
        assertThat(run.message()).contains("web healthy on 127.0.0.1 not reached", "last check: HTTP 503");
        assertThat(requests.get()).isGreaterThan(1);
    }

    @Test
    void aRefusedConnectionMeansNotYetUntilTheTimeout() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        var run = command("health_check").arg("url", "http://127.0.0.1:" + closedPort + "/")
                .arg("check_timeout", 0.3).arg("interval", 0.05).run();
        assertThat(run.result().reason()).isEqualTo(FailureReason.TIMEOUT);
        assertThat(run.message()).contains("connection refused by http://127.0.0.1:" + closedPort);
    }

    @Test
    void aCommandExitingZeroOnTheHostIsHealthy() throws Exception {
        var ok = command("health_check").arg("servicename", "web").arg("shell", "test {servicename} = web").run();
        assertThat(ok.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        var bad = command("health_check").arg("shell", "echo unhealthy >&2; exit 1").arg("check_timeout", 0.2)
                .arg("interval", 0.05).run();
        assertThat(bad.result().reason()).isEqualTo(FailureReason.TIMEOUT);
        assertThat(bad.result().outputTail()).containsExactly("unhealthy");
    }

    @Test
    void exactlyOneOfShellAndUrl() {
        assertThat(command("health_check").problems()).singleElement().asString()
                .contains("exactly one of the arguments 'shell'", "'url'", "neither");
        assertThat(command("health_check").arg("shell", "true").arg("url", "http://x/").problems()).singleElement().asString()
                .contains("both");
        assertThat(command("health_check").arg("url", "ftp://{hostname}/").problems()).singleElement().asString()
                .contains("'url'", "http:// or https://");
    }

    @Test
    void theDefaultHostnameIsTheTasksHost() {
        assertThat(command("health_check").remoteHost("local:web1").arg("url", "http://{hostname}:8080/").problems()).isEmpty();
        assertThat(defaultHostname(HostAddress.parse("local:web1")))
                .isEqualTo("web1");
        assertThat(defaultHostname(HostAddress.parse("127.0.0.2")))
                .isEqualTo("127.0.0.2");
        assertThat(defaultHostname(HostAddress.parse("be001:2222")))
                .isEqualTo("be001");
    }
}
