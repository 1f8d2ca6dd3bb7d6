package deployer.commands;

import deployer.core.spi.CommandResult.Outcome;
import deployer.core.testing.CarbonCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import static deployer.commands.CommandTester.command;
import static org.assertj.core.api.Assertions.assertThat;

/** send_graphite into a real carbon-cache, read back with whisper-fetch; and an outage that must not fail. */
@Tag("carbon")
class SendGraphiteCommandTest {

    @TempDir
    static Path carbonDir;
    static CarbonCache carbon;

    @BeforeAll
    static void startCarbon() throws Exception {
        carbon = CarbonCache.start(carbonDir);
    }

    @AfterAll
    static void stopCarbon() {
        if (carbon != null) {
            carbon.close();
        }
    }

    @Test
    void theMetricArrivesUnderThePrefix() throws Exception {
        var run = command("send_graphite").arg("metric", "deploy.web.start").arg("value", 42)
                .arg("carbon_host", carbon.host()).arg("carbon_port", carbon.port()).arg("metric_prefix", "team.prod").run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.message()).startsWith("sent team.prod.deploy.web.start 42 to ");
        assertThat(carbon.values("team.prod.deploy.web.start", Duration.ofSeconds(20))).containsExactly(42.0);
    }

    @Test
    void theValueDefaultsToOneAndMayBeFractional() throws Exception {
        command("send_graphite").arg("metric", "deploy.default").arg("carbon_host", carbon.host())
                .arg("carbon_port", carbon.port()).run();
        command("send_graphite").arg("metric", "deploy.fraction").arg("value", 2.5).arg("carbon_host", carbon.host())
                .arg("carbon_port", carbon.port()).run();
        assertThat(carbon.values("deploy.default", Duration.ofSeconds(20))).containsExactly(1.0);
        assertThat(carbon.values("deploy.fraction", Duration.ofSeconds(20))).containsExactly(2.5);
    }

    @Test
    void anOutageWarnsAndSucceeds() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        var run = command("send_graphite").arg("metric", "deploy.lost").arg("carbon_host", "127.0.0.1")
                .arg("carbon_port", closedPort).run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.message()).contains("not sent", "127.0.0.1:" + closedPort, "unavailable");
        assertThat(run.log().texts(Level.WARN)).singleElement().asString()
                .contains("deploy.lost not sent to 127.0.0.1:" + closedPort, "the deploy goes on");
    }

    @Test
    void anUnknownCarbonHostWarnsAndSucceeds() throws Exception {
        var run = command("send_graphite").arg("metric", "deploy.lost").arg("carbon_host", "no-such-host.invalid").run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.log().texts(Level.WARN)).hasSize(1);
    }

    @Test
    void badMetricNamesAndPortsAreProblems() {
        assertThat(command("send_graphite").arg("metric", "deploy web").arg("carbon_host", "h").problems())
                .singleElement().asString().contains("'metric'");
        assertThat(command("send_graphite").arg("metric", "a").arg("metric_prefix", "x..y").arg("carbon_host", "h").problems())
                .singleElement().asString().contains("'metric_prefix'");
        assertThat(command("send_graphite").arg("metric", "a").arg("carbon_host", "h").arg("carbon_port", 0).problems())
                .singleElement().asString().contains("'carbon_port'");
    }
}
