package deployer.tests.reports;

import deployer.tests.fixtures.DemoHosts;

import deployer.core.testing.CarbonCache;
import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Run metrics (durations per stage and service, task counts) reach a real carbon-cache when the config has a
 * {@code graphite} block, through the real deploy CLI; a carbon that is not there only warns.
 */
@Tag("carbon")
class GraphiteRunMetricsTest {

    @TempDir
    static Path work;
    static CarbonCache carbon;

    private static final String PLAN = """
            {"name": "metrics", "stages": [
              {"name": "Deploy web", "concurrency": 2, "tasks": [
                {"command": "execute_command", "remote_host": "local:m1", "tag": "web", "shell": "sleep 0.3"},
                {"command": "execute_command", "remote_host": "local:m2", "tag": "web", "shell": "sleep 0.3"}
              ]},
              {"name": "Deploy api", "concurrency": 1, "tasks": [
                {"command": "execute_command", "remote_host": "local:m1", "tag": "api", "shell": "%s"}
              ]},
              {"name": "After", "concurrency": 1, "tasks": [
                {"command": "test_command", "message": "done"}
              ]}
            ]}
            """;

    @BeforeAll
    static void startCarbon() throws Exception {
        carbon = CarbonCache.start(Files.createDirectories(work.resolve("carbon")));
    }

    @AfterAll
    static void stopCarbon() {
        if (carbon != null) {
            carbon.close();
        }
    }

    @Test
    void aSucceededRunSendsDurationsPerStageAndServiceAndTaskCounts() throws Exception {
        Path dir = Files.createDirectories(work.resolve("ok"));
        CliProcess.Result r = deploy(dir, "ok", carbon.port(), "true");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("Sent ", " run metrics to carbon at 127.0.0.1:" + carbon.port() + " under m.ok");
        assertThat(metric("m.ok.run.tasks.run")).containsExactly(4.0);
        assertThat(metric("m.ok.run.tasks.succeeded")).containsExactly(4.0);
        assertThat(metric("m.ok.run.tasks.failed")).containsExactly(0.0);
        assertThat(metric("m.ok.run.failed")).containsExactly(0.0);
        assertThat(metric("m.ok.run.stage.deploy_web.duration_seconds")).singleElement().satisfies(v -> assertThat(v).isBetween(0.3, 30.0));
        assertThat(metric("m.ok.run.stage.deploy_api.duration_seconds")).hasSize(1);
        assertThat(metric("m.ok.run.service.web.duration_seconds")).singleElement().satisfies(v -> assertThat(v).isBetween(0.3, 30.0));
        assertThat(metric("m.ok.run.service.api.duration_seconds")).hasSize(1);
        assertThat(metric("m.ok.run.duration_seconds")).singleElement().satisfies(v -> assertThat(v).isGreaterThanOrEqualTo(0.3));
    }

    @Test
    void aFailedRunCountsItsFailureAndTheTasksNotRun() throws Exception {
        Path dir = Files.createDirectories(work.resolve("failed"));
        CliProcess.Result r = deploy(dir, "failed", carbon.port(), "exit 3");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(metric("m.failed.run.failed")).containsExactly(1.0);
        assertThat(metric("m.failed.run.tasks.failed")).containsExactly(1.0);
        assertThat(metric("m.failed.run.tasks.run")).containsExactly(3.0);
        assertThat(metric("m.failed.run.tasks.not_run")).containsExactly(1.0);
    }

    @Test
    void aCarbonThatIsNotThereOnlyWarns() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path dir = Files.createDirectories(work.resolve("nocarbon"));
        CliProcess.Result r = deploy(dir, "nocarbon", closed, "true");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("Run metrics not sent to carbon at 127.0.0.1:" + closed)
                .doesNotContain("Unable to report to Graphite", "\tat ");
    }

    private static CliProcess.Result deploy(Path dir, String prefix, int port, String apiShell) throws IOException {
        Path plan = Files.writeString(dir.resolve("plan.json"), PLAN.formatted(apiShell));
        Path config = Files.writeString(dir.resolve("config.yaml"), "platform: test\n"
                + "graphite:\n  carbon_host: 127.0.0.1\n  carbon_port: " + port + "\n  metric_prefix: m." + prefix + "\n");
        return CliProcess.deploy(dir.resolve("cli"), "--tasklist", plan.toString(), "--config", config.toString(),
                "--journal", dir.resolve("run.journal").toString());
    }

    /** What carbon stored for the metric; carbon writes asynchronously, so this polls up to 30 s for a value. */
    private static List<Double> metric(String name) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        List<Double> values = carbon.values(name, Duration.ofSeconds(30));
        while (values.isEmpty() && Instant.now().isBefore(deadline)) {
            DemoHosts.sleep(100);
            values = carbon.values(name, Duration.ofSeconds(30));
        }
        return values;
    }
}
