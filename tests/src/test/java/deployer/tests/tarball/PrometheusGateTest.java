package deployer.tests.tarball;

import com.sun.net.httpserver.HttpServer;
import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static deployer.tests.fixtures.DemoHosts.SERVICE;
import static deployer.tests.fixtures.DemoHosts.V1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prometheus gate against a real Prometheus server (Debian's package), started here with its own config and data
 * dir on a loopback port, scraping every second a metrics endpoint this test serves. A deploy on local hosts with
 * {@code batches: [1, "100%"]} and a gate {@code max(demo_error_ratio) <= 0.05}: the error rate crossing the bound
 * during the window fails the gate and the second batch never starts; a query Prometheus rejects fails with
 * Prometheus's own error. Through the real deploy CLI.
 */
@Tag("prometheus")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PrometheusGateTest {

    @TempDir
    static Path work;
    static HttpServer metrics;
    static Process prometheus;
    static int prometheusPort;
    static final AtomicReference<String> errorRatio = new AtomicReference<>("0.001");

    @BeforeAll
    static void startPrometheusScrapingOurMetrics() throws Exception {
        metrics = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        metrics.createContext("/metrics", exchange -> {
            byte[] body = ("# TYPE demo_error_ratio gauge\ndemo_error_ratio{service=\"demo-web\"} " + errorRatio.get() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        metrics.start();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            prometheusPort = s.getLocalPort();
        }
        Path dir = Files.createDirectories(work.resolve("prometheus"));
        Path config = Files.writeString(dir.resolve("prometheus.yml"), "global:\n"
                + "  scrape_interval: 1s\n"
                + "  evaluation_interval: 1s\n"
                + "scrape_configs:\n"
                + "  - job_name: demo\n"
                + "    static_configs:\n"
                + "      - targets: ['127.0.0.1:" + metrics.getAddress().getPort() + "']\n");
        prometheus = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        // Ready, and the series scraped at least once.
        Instant deadline = Instant.now().plusSeconds(60);
        while (!query("demo_error_ratio").contains("\"demo_error_ratio\"")) {
            assertThat(prometheus.isAlive()).as(Files.readString(dir.resolve("prometheus.log"))).isTrue();
            assertThat(Instant.now()).as("Prometheus scraping the test's metrics").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stopPrometheus() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor();
            }
        }
        if (metrics != null) {
            metrics.stop(0);
        }
    }

    /** Prometheus's answer to an instant query, or "" while it is not up. */
    private static String query(String promql) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8)).toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            try (var in = c.getResponseCode() == 200 ? c.getInputStream() : c.getErrorStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return "";
        }
    }

    private static Path config(String name, String query, String window) throws IOException {
        return Files.writeString(work.resolve(name + ".yaml"), "platform: tarball\n"
                + "hostgroup:\n"
                + "  web: [local:h1, local:h2]\n"
                + "service:\n"
                + "  " + SERVICE + ":\n"
                + "    hostgroups: [web]\n"
                + "    install_location: " + work.resolve(name) + "/{hostname}\n"
                + "    stop_command: \"true\"\n"
                + "    start_command: \"true\"\n"
                + "    batches: [1, \"100%\"]\n"
                + "    gates:\n"
                + "      - prometheus:\n"
                + "          url: http://127.0.0.1:" + prometheusPort + "\n"
                + "          query: '" + query + "'\n"
                + "          max: 0.05\n"
                + "          every: 1s\n"
                + "          for: " + window + "\n");
    }

    private static Process start(Path config, Path dir) throws IOException {
        return CliProcess.start(CliProcess.DEPLOY, dir, "--config", config.toString(),
                "--directory", CliProcess.projectRoot().resolve("conf/demo/packages/v1").toString());
    }

    @Test
    void anErrorRateThatCrossesTheBoundDuringTheWindowFailsTheGateAndTheNextBatchNeverStarts() throws Exception {
        errorRatio.set("0.001");
        Path dir = Files.createDirectories(work.resolve("crossing-cli"));
        Process p = start(config("crossing", "max(demo_error_ratio{service=\"{servicename}\"})", "60s"), dir);
        Path err = dir.resolve("cli.err");
        Instant deadline = Instant.now().plusSeconds(90);
        while (!Files.exists(err) || !Files.readString(err).contains("Querying http://127.0.0.1:" + prometheusPort + "/api/v1/query")) {
            assertThat(Instant.now()).as("waiting for the gate").isBefore(deadline);
            Thread.sleep(50);
        }
        Thread.sleep(2000);
        errorRatio.set("0.3");
        CliProcess.Result r = CliProcess.finish(p, dir, Duration.ofSeconds(90));

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).as(r.all()).contains("gate_prometheus on local [demo-web]: GATE_FAILED: prometheus gate after demo-web batch 1 of 2 failed after ",
                "max(demo_error_ratio{service=\"demo-web\"}) = 0.3, outside value ≤ 0.05");
        assertThat(r.stderr()).doesNotContain("Starting stage: Deploy demo-web (batch 2 of 2)");
        assertThat(Files.readSymbolicLink(work.resolve("crossing/h1/" + SERVICE)).getFileName().toString()).isEqualTo(SERVICE + "_" + V1);
        assertThat(work.resolve("crossing/h2/" + SERVICE)).doesNotExist();
    }

    @Test
    void anErrorRateWithinTheBoundForTheWholeWindowPassesWithWhatItMeasured() throws Exception {
        errorRatio.set("0.001");
        Path dir = Files.createDirectories(work.resolve("holding-cli"));
        Path report = dir.resolve("report.json");
        CliProcess.Result r = CliProcess.deploy(dir, "--config", config("holding", "max(demo_error_ratio)", "3s").toString(),
                "--directory", CliProcess.projectRoot().resolve("conf/demo/packages/v1").toString(), "--report-json", report.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(Files.readString(report)).contains("prometheus gate after demo-web batch 1 of 2 passed: max(demo_error_ratio) stayed within"
                + " value ≤ 0.05 in all ").contains("; last value 0.001");
        assertThat(work.resolve("holding/h2/" + SERVICE)).exists();
    }

    @Test
    void aQueryPrometheusRejectsFailsTheGateWithPrometheussError() throws Exception {
        Path dir = Files.createDirectories(work.resolve("rejected-cli"));
        CliProcess.Result r = CliProcess.deploy(dir, "--config", config("rejected", "rate(demo_error_ratio[1m)", "10s").toString(),
                "--directory", CliProcess.projectRoot().resolve("conf/demo/packages/v1").toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).as(r.all()).contains("Prometheus rejected the query rate(demo_error_ratio[1m) (HTTP 400): bad_data: ");
        assertThat(work.resolve("rejected/h2/" + SERVICE)).doesNotExist();
    }
}
