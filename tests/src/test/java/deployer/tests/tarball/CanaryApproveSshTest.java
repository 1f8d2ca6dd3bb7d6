package deployer.tests.tarball;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static deployer.tests.fixtures.DemoHosts.SERVICE;
import static deployer.tests.fixtures.DemoHosts.V1;
import static deployer.tests.fixtures.DemoHosts.V2;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A canary with an {@code approve} gate on three real OpenSSH hosts through the real CLI, answered from a second CLI
 * process as an operator in another shell would: the deploy waits after its first batch; {@code deploy rollback
 * RUN_ID} (the run id read off the journal directory and the deploy's first log line) makes the gate fail GATE_FAILED
 * naming who answered, and the rest of the fleet is untouched; then a deploy answered {@code deploy approve RUN_ID}
 * goes on and completes. Both processes share one state directory ({@code XDG_STATE_HOME}), as two shells of one
 * user do.
 */
@Tag("sshd")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CanaryApproveSshTest {

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(3);

    @TempDir
    static Path work;
    static Path root;
    static List<String> hosts;

    private static Map<String, String> env() {
        return Map.of("XDG_STATE_HOME", work.resolve("state").toString());
    }

    private static Path config(String name) throws IOException {
        root = root != null ? root : ssh.writableDir("approve");
        hosts = ssh.hosts().stream().map(OpenSshServers.Host::address).toList();
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
                + "    batches: [1, \"100%\"]\n"
                + "    gates: [{approve: true}]\n"
                + ssh.clientConfigYaml();
        return Files.writeString(work.resolve(name + ".yaml"), yaml);
    }

    /** Starts a deploy of {@code version} in its own directory and returns it once its gate waits, with its run id. */
    private static Started deployUntilTheGateWaits(String version) throws Exception {
        Path dir = Files.createDirectories(work.resolve("deploy-" + version));
        Path report = dir.resolve("report.json");
        Process p = CliProcess.start(CliProcess.DEPLOY, dir, env(), "--config", config(version).toString(),
                "--directory", CliProcess.projectRoot().resolve("conf/demo/packages/" + version).toString(),
                "--report-json", report.toString());
        Path err = dir.resolve("cli.err");
        Instant deadline = Instant.now().plusSeconds(120);
        while (!Files.exists(err) || !Files.readString(err).contains("Waiting for an approval after demo-web batch 1 of 2")) {
            assertThat(p.isAlive()).as("the deploy ended before its gate: " + (Files.exists(err) ? Files.readString(err) : "")).isTrue();
            assertThat(Instant.now()).as("waiting for the approval gate").isBefore(deadline);
            Thread.sleep(50);
        }
        // The run id as a second shell finds it: the newest journal's name, which the first log line confirms.
        String runId;
        try (Stream<Path> journals = Files.list(work.resolve("state/deployer/journal"))) {
            List<String> ids = journals.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".journal"))
                    .map(n -> n.substring("deploy_".length(), n.length() - ".journal".length())).sorted().toList();
            runId = ids.get(ids.size() - 1);
        }
        Matcher first = Pattern.compile("Run (\\S+): deploy by ").matcher(Files.readString(err));
        assertThat(first.find()).isTrue();
        assertThat(first.group(1)).isEqualTo(runId);
        return new Started(p, dir, runId, report);
    }

    private record Started(Process process, Path dir, String runId, Path report) {
        CliProcess.Result finish() {
            return CliProcess.finish(process, dir, Duration.ofSeconds(120));
        }
    }

    /** {@code deploy WORDS…} from a second process with a working directory (and home) of its own. */
    private static CliProcess.Result answer(String name, String... words) {
        return CliProcess.run(CliProcess.DEPLOY, work.resolve("answer-" + name), Duration.ofSeconds(60), env(), words);
    }

    private static String current(String host) throws IOException {
        return Files.readSymbolicLink(root.resolve(host).resolve(SERVICE)).getFileName().toString();
    }

    private static String operator() throws IOException {
        return System.getProperty("user.name") + "@" + Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    }

    private static String gateMessage(Path report) throws IOException {
        for (JsonNode t : new ObjectMapper().readTree(report.toFile()).get("tasks")) {
            if (t.get("command").asText().equals("gate_approve")) {
                return t.get("status").asText() + " " + t.path("reason").asText("") + " " + t.get("message").asText();
            }
        }
        throw new AssertionError("no gate_approve task in " + report);
    }

    @Test
    @Order(1)
    void rollbackAnsweredFromASecondProcessFailsTheGateNamingWhoAnsweredAndLaterHostsAreUntouched() throws Exception {
        Started deploy = deployUntilTheGateWaits("v1");

        CliProcess.Result unknown = answer("unknown", "rollback", "20200101T000000Z-dead");
        assertThat(unknown.exitCode()).as(unknown.all()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("unknown run id 20200101T000000Z-dead");

        CliProcess.Result answered = answer("rollback", "rollback", deploy.runId());
        assertThat(answered.exitCode()).as(answered.all()).isZero();
        assertThat(answered.stdout()).contains("Answered the approval gate after demo-web batch 1 of 2", "of run " + deploy.runId(),
                "rollback requested by " + operator() + " at ");

        CliProcess.Result r = deploy.finish();
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).as(r.all()).contains("gate_approve", "GATE_FAILED",
                "approval gate after demo-web batch 1 of 2: rollback requested by " + operator() + " at ", "(deploy rollback), after waiting ");
        assertThat(r.stderr()).doesNotContain("Starting stage: Deploy demo-web (batch 2 of 2)");
        // The verdict is in the journal and the report, as every task's result.
        Path journal = work.resolve("state/deployer/journal/deploy_" + deploy.runId() + ".journal");
        assertThat(Files.readString(journal)).contains("rollback requested by " + operator());
        assertThat(gateMessage(deploy.report())).startsWith("FAILED GATE_FAILED approval gate after demo-web batch 1 of 2: rollback requested by ");
        assertThat(current(hosts.get(0))).isEqualTo(SERVICE + "_" + V1);
        for (String h : hosts.subList(1, 3)) {
            assertThat(root.resolve(h).resolve(SERVICE)).doesNotExist();
        }

        // The run is over: it waits at no gate, and a late answer is refused.
        CliProcess.Result late = answer("late", "approve", deploy.runId());
        assertThat(late.exitCode()).as(late.all()).isEqualTo(2);
        assertThat(late.stderr()).contains("run " + deploy.runId() + " waits at no approval gate now");
    }

    @Test
    @Order(2)
    void continueAnsweredWithDeployApproveLetsTheRolloutComplete() throws Exception {
        Started deploy = deployUntilTheGateWaits("v2");
        assertThat(current(hosts.get(0))).isEqualTo(SERVICE + "_" + V2);
        assertThat(Files.exists(root.resolve(hosts.get(1)).resolve(SERVICE))).isFalse();

        CliProcess.Result answered = answer("approve", "approve", deploy.runId());
        assertThat(answered.exitCode()).as(answered.all()).isZero();
        assertThat(answered.stdout()).contains("continue requested by " + operator());

        CliProcess.Result r = deploy.finish();
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("Starting stage: Deploy demo-web (batch 2 of 2)",
                "Approval gate after demo-web batch 1 of 2: continue requested by " + operator());
        assertThat(gateMessage(deploy.report())).startsWith("SUCCEEDED  approved after demo-web batch 1 of 2: continue requested by "
                + operator() + " at ").contains("(deploy approve), after waiting ");
        for (String h : hosts) {
            assertThat(current(h)).isEqualTo(SERVICE + "_" + V2);
        }
    }
}
