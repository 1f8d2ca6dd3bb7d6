package deployer.tests.operator;

import deployer.tests.fixtures.DemoHosts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hooks and notifications through the real deploy CLI, on two {@code local:NAME} hosts with their own roots: hooks
 * run in order with the run's facts in their environment, a failing {@code before_deploy} hook leaves every host
 * untouched, {@code on_failure} hooks run after a failed stage and after an abort (Ctrl-C twice) and are told so,
 * and a real HTTP server in the test receives the start and end messages; a refused or hanging webhook only warns.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HooksAndNotifyTest {

    static final String SERVICE = "demo-web";
    static final String V1 = DemoHosts.V1;
    /** A token in the webhook's path: it must never show in any output. */
    static final String TOKEN = "T0KEN-s3cr3t-9f8e7d";
    /** Each hook appends one line: its name and the facts it got. */
    static final String FACTS = "$DEPLOY_HOOK|$DEPLOY_HOST|$DEPLOY_SERVICE|$DEPLOY_VERSION|$DEPLOY_PREVIOUS_VERSION|$DEPLOY_HOSTS|$DEPLOY_RESULT|$DEPLOY_RUN_ID|$DEPLOY_ACTION";

    @TempDir
    Path work;
    Path root;
    Path hookLog;
    HttpServer server;
    final List<String> messages = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(work.resolve("hosts"));
        hookLog = work.resolve("hooks.log");
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    /** A webhook on loopback: {@code answer} true records each message and answers 200; false never answers. */
    String webhook(boolean answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!answer) {
                try {
                    release.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            messages.add(new String(body, StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/" + TOKEN;
    }

    String hook(String run, String on) {
        return "      - {run: '" + run + "', on: " + on + "}\n";
    }

    String record(String label) {
        return "echo \"" + label + "|" + FACTS + "\" >> " + hookLog;
    }

    Path config(String startCommand, String extra) throws IOException {
        String yaml = "platform: tarball\n"
                + "tarballs: " + CliProcess.projectRoot().resolve("conf/demo/packages/v1") + "\n"
                + "hostgroup:\n"
                + "  web: [local:hk1, local:hk2]\n"
                + "service:\n"
                + "  " + SERVICE + ":\n"
                + "    hostgroups: [web]\n"
                + "    install_location: " + root + "/{hostname}\n"
                + "    stop_command: \"echo stopped > {install_location}/state\"\n"
                + "    start_command: \"" + startCommand + "\"\n"
                + "    min_nodes_up: 0\n"
                + extra;
        return Files.writeString(work.resolve("deploy.yaml"), yaml);
    }

    static final String START = "echo started >> {install_location}/starts";

    List<String> hookLines() throws IOException {
        return Files.exists(hookLog) ? Files.readAllLines(hookLog) : List.of();
    }

    static String runId(CliProcess.Result r) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Run (\\S+): deploy by").matcher(r.stderr());
        assertThat(m.find()).as(r.stderr()).isTrue();
        return m.group(1);
    }

    @Test
    void hooksRunInOrderWithTheRunFactsAndTheWebhookGetsTheStartAndEndMessages() throws Exception {
        String url = webhook(true);
        Path config = config(START, "hooks:\n"
                + "  before_deploy:\n"
                + hook(record("b1"), "local")
                + hook(record("b2"), "hosts")
                + "  after_deploy:\n"
                + hook(record("a1"), "local")
                + "  on_failure:\n"
                + hook(record("f1"), "local")
                + "notify:\n"
                + "  url: " + url + "\n");
        Path in = work.resolve("run1");
        // The plan shows the hooks as stages; the webhook's token is masked in it.
        CliProcess.Result dump = CliProcess.buildTasklist(work.resolve("dump"), "--config", config.toString(), "--dump");
        assertThat(dump.exitCode()).as(dump.all()).isZero();
        assertThat(dump.stdout()).contains("\"command\": \"run_hook\"", "\"when\": \"failed\"", "\"command\": \"notify\"",
                "Hook before_deploy 1/2 (local)", "Hook before_deploy 2/2 (on hosts)", "Hook on_failure 1/1 (local)");
        assertThat(dump.all()).doesNotContain(TOKEN);

        CliProcess.Result r = CliProcess.deploy(in, "--config", config.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        String run = runId(r);
        List<String> lines = hookLines();
        assertThat(lines).hasSize(4);
        String hosts = "local:hk1 local:hk2";
        assertThat(lines.get(0)).isEqualTo("b1|before_deploy||" + SERVICE + "|" + V1 + "||" + hosts + "|succeeded|" + run + "|deploy");
        // The hosts hook ran on both hosts, each told which it is (in either order), before the local after_deploy.
        assertThat(lines.subList(1, 3)).containsExactlyInAnyOrder(
                "b2|before_deploy|local:hk1|" + SERVICE + "|" + V1 + "||" + hosts + "|succeeded|" + run + "|deploy",
                "b2|before_deploy|local:hk2|" + SERVICE + "|" + V1 + "||" + hosts + "|succeeded|" + run + "|deploy");
        assertThat(lines.get(3)).isEqualTo("a1|after_deploy||" + SERVICE + "|" + V1 + "||" + hosts + "|succeeded|" + run + "|deploy");
        // The on_failure hook was skipped, which leaves the run SUCCEEDED.
        assertThat(r.stdout()).contains(": SUCCEEDED", "SKIPPED 1");
        assertThat(r.stderr()).doesNotContain("f1|");

        // Start and end messages, in that order, with the facts and a text chat tools show as is.
        assertThat(messages).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode start = json.readTree(messages.get(0));
        JsonNode end = json.readTree(messages.get(1));
        assertThat(start.get("event").asText()).isEqualTo("start");
        assertThat(start.get("run_id").asText()).isEqualTo(run);
        assertThat(start.get("user").asText()).contains(System.getProperty("user.name") + "@");
        assertThat(start.get("version").asText()).isEqualTo(V1);
        assertThat(start.get("services").toString()).isEqualTo("[\"" + SERVICE + "\"]");
        assertThat(start.get("hosts").toString()).isEqualTo("[\"local:hk1\",\"local:hk2\"]");
        assertThat(start.get("text").asText()).contains("Deploy " + SERVICE + " " + V1, "on 2 hosts", "started", run);
        assertThat(start.has("result")).isFalse();
        assertThat(end.get("event").asText()).isEqualTo("end");
        assertThat(end.get("result").asText()).isEqualTo("succeeded");
        assertThat(end.get("duration_seconds").asDouble()).isPositive();
        assertThat(end.get("counts").get("succeeded").asLong()).isGreaterThan(5);
        assertThat(end.get("counts").has("failed")).isFalse();
        assertThat(end.get("text").asText()).contains("SUCCEEDED", "tasks:", run);
        assertThat(r.all()).doesNotContain(TOKEN);
        // Nor in the journal or the plan saved beside it.
        try (var files = Files.walk(in)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain(TOKEN);
            }
        }
        for (String h : List.of("hk1", "hk2")) {
            assertThat(root.resolve(h).resolve(SERVICE)).isSymbolicLink();
        }
    }

    @Test
    void aFailingBeforeDeployHookLeavesEveryHostUntouchedAndOnFailureIsToldTheRunFailed() throws Exception {
        Path config = config(START, "hooks:\n"
                + "  before_deploy:\n"
                + hook("exit 7", "local")
                + "  after_deploy:\n"
                + hook(record("a1"), "local")
                + "  on_failure:\n"
                + hook(record("f1"), "local")
                + hook(record("f2"), "hosts"));
        CliProcess.Result r = CliProcess.deploy(work.resolve("run"), "--config", config.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).contains("FAILED", "run_hook", "before_deploy hook 'exit 7' failed with exit status 7");
        String run = runId(r);
        List<String> lines = hookLines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("f1|on_failure||" + SERVICE + "|").endsWith("|failed|" + run + "|deploy");
        assertThat(lines.subList(1, 3)).allMatch(l -> l.startsWith("f2|on_failure|local:hk") && l.endsWith("|failed|" + run + "|deploy"));
        // Nothing was uploaded, unpacked, stopped, switched or started on any host.
        for (String h : List.of("hk1", "hk2")) {
            Path hostRoot = root.resolve(h);
            List<String> left = new ArrayList<>();
            if (Files.exists(hostRoot)) {
                try (var files = Files.walk(hostRoot)) {
                    files.filter(f -> f.getFileName().toString().startsWith(SERVICE) || f.getFileName().toString().equals("starts")
                            || f.getFileName().toString().equals("state") || f.getFileName().toString().endsWith(".tar.gz"))
                            .forEach(f -> left.add(f.toString()));
                }
            }
            assertThat(left).as("what the deploy left on " + h).isEmpty();
        }
        assertThat(r.stdout()).contains("NOT_RUN 3.1 upload on local:hk1", "NOT_RUN 5.1.1 stop_service on local:hk1");
    }

    @Test
    void onFailureRunsAfterAFailedStageAndItsOwnFailureDoesNotMaskTheFirst() throws Exception {
        String url = webhook(true);
        Path config = config("exit 3", "hooks:\n"
                + "  after_deploy:\n"
                + hook(record("a1"), "local")
                + "  on_failure:\n"
                + hook(record("f1") + "; exit 5", "local")
                + hook(record("f2"), "local")
                + "notify:\n"
                + "  url: " + url + "\n");
        CliProcess.Result r = CliProcess.deploy(work.resolve("run"), "--config", config.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        String run = runId(r);
        // The first failure is still there, and the failing on_failure hook is reported next to it.
        assertThat(r.stdout()).contains("start_service on local:hk", "on_failure hook", "failed with exit status 5");
        assertThat(r.stdout().indexOf("start_service on local:hk")).isLessThan(r.stdout().indexOf("on_failure hook"));
        List<String> lines = hookLines();
        // Both on_failure hooks ran (the second after the first failed), told the run failed; after_deploy did not run.
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("f1|on_failure|").endsWith("|failed|" + run + "|deploy");
        assertThat(lines.get(1)).startsWith("f2|on_failure|").endsWith("|failed|" + run + "|deploy");
        assertThat(messages).hasSize(2);
        JsonNode end = new ObjectMapper().readTree(messages.get(1));
        assertThat(end.get("result").asText()).isEqualTo("failed");
        assertThat(end.get("counts").get("failed").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(end.get("text").asText()).contains("FAILED");
    }

    @Test
    void onFailureRunsAfterAnAbortAndIsToldItWasAborted() throws Exception {
        Path started = root.resolve("started");
        Path config = config("touch " + started + "; sleep 120", "hooks:\n"
                + "  on_failure:\n"
                + hook(record("f1"), "local")
                + hook(record("f2"), "hosts"));
        Path in = work.resolve("run");
        Process p = CliProcess.start(CliProcess.DEPLOY, in, "--config", config.toString());
        awaitFile(started);
        CliProcess.interrupt(p);
        awaitText(in.resolve("cli.err"), "Interrupted: starting nothing new");
        CliProcess.interrupt(p);
        CliProcess.Result r = CliProcess.finish(p, in, Duration.ofSeconds(90));
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        String run = runId(r);
        List<String> lines = hookLines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("f1|on_failure||").endsWith("|aborted|" + run + "|deploy");
        assertThat(lines.subList(1, 3)).allMatch(l -> l.startsWith("f2|on_failure|local:hk") && l.endsWith("|aborted|" + run + "|deploy"));
    }

    @Test
    void aRefusedWebhookOnlyWarnsAndTheDeployGoesOn() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        Path config = config(START, "notify:\n  url: http://127.0.0.1:" + closed + "/hook/" + TOKEN + "\n  retries: 1\n");
        Instant t0 = Instant.now();
        CliProcess.Result r = CliProcess.deploy(work.resolve("run"), "--config", config.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(Duration.between(t0, Instant.now())).isLessThan(Duration.ofSeconds(60));
        assertThat(r.stderr()).contains("Notification 'start' not delivered", "Notification 'end' not delivered", "the deploy goes on without it");
        assertThat(r.all()).doesNotContain(TOKEN);
        assertThat(root.resolve("hk1").resolve(SERVICE)).isSymbolicLink();
    }

    @Test
    void aHangingWebhookOnlyWarnsWithinItsTimeout() throws Exception {
        String url = webhook(false);
        Path config = config(START, "notify:\n  url: " + url + "\n  timeout: 1\n  retries: 1\n");
        Instant t0 = Instant.now();
        CliProcess.Result r = CliProcess.deploy(work.resolve("run"), "--config", config.toString());
        Duration took = Duration.between(t0, Instant.now());
        assertThat(r.exitCode()).as(r.all()).isZero();
        // Two messages, two attempts each of at most a second, and the backoff between: far below a minute.
        assertThat(took).isLessThan(Duration.ofSeconds(60));
        assertThat(r.stderr()).contains("Notification 'start' not delivered", "HttpTimeoutException", "Notification 'end' not delivered");
        assertThat(r.all()).doesNotContain(TOKEN);
    }

    @Test
    void aRollbackRunsItsAfterRollbackHooksWithTheVersionsItSwitchedBetween() throws Exception {
        String url = webhook(true);
        Path config = config(START, "    hooks:\n"
                + "      after_deploy:\n"
                + "  " + hook(record("a1"), "local")
                + "      after_rollback:\n"
                + "  " + hook(record("r1"), "hosts")
                + "notify:\n"
                + "  url: " + url + "\n");
        Path packages = CliProcess.projectRoot().resolve("conf/demo/packages");
        CliProcess.Result v1 = CliProcess.deploy(work.resolve("v1"), "--config", config.toString());
        assertThat(v1.exitCode()).as(v1.all()).isZero();
        CliProcess.Result v2 = CliProcess.deploy(work.resolve("v2"), "--config", config.toString(), "--directory", packages.resolve("v2").toString());
        assertThat(v2.exitCode()).as(v2.all()).isZero();
        CliProcess.Result back = CliProcess.deploy(work.resolve("back"), "--config", config.toString(), "--rollback", SERVICE);
        assertThat(back.exitCode()).as(back.all()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Run (\\S+): deploy by").matcher(back.stderr());
        assertThat(m.find()).isTrue();
        String run = m.group(1);
        List<String> lines = hookLines();
        // a1 after each deploy, then the rollback's hook on both hosts: v2 -> v1.
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).contains("|" + DemoHosts.V2 + "|" + V1 + "|");
        assertThat(lines.subList(2, 4)).allMatch(l -> l.startsWith("r1|after_rollback|local:hk")
                && l.endsWith("|" + SERVICE + "|" + V1 + "|" + DemoHosts.V2 + "|local:hk1 local:hk2|succeeded|" + run + "|rollback"));
        assertThat(messages).hasSize(6);
        JsonNode end = new ObjectMapper().readTree(messages.get(5));
        assertThat(end.get("action").asText()).isEqualTo("rollback");
        assertThat(end.get("version").asText()).isEqualTo(V1);
        assertThat(end.get("text").asText()).startsWith("Roll back " + SERVICE).contains("SUCCEEDED");
    }

    @Test
    void badHooksAreConfigErrorsAndNothingRuns() throws Exception {
        Path config = config(START, "hooks:\n"
                + "  before_deploy:\n"
                + "      - {run: 'true', on: everywhere}\n"
                + "  after_depoy: []\n"
                + "notify:\n  url: http://127.0.0.1:1/x\n  timeout: 0\n");
        CliProcess.Result r = CliProcess.deploy(work.resolve("run"), "--config", config.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("deploy.yaml:", "everywhere", "after_depoy", "timeout");
        assertThat(root.resolve("hk1")).doesNotExist();
    }

    static void awaitFile(Path f) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!Files.exists(f)) {
            assertThat(Instant.now()).as("waiting for " + f).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    static void awaitText(Path f, String text) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!Files.exists(f) || !Files.readString(f).contains(text)) {
            assertThat(Instant.now()).as("waiting for '" + text + "' in " + f).isBefore(deadline);
            Thread.sleep(20);
        }
    }
    @Test
    void aFailedRunWithALiteralWebhookResumesWithThePrintedCommand() throws Exception {
        String url = webhook(true);
        Path flag = work.resolve("may-start");
        Path config = config("[ -f " + flag + " ] && echo started >> {install_location}/starts", "notify:\n  url: " + url + "\n");
        CliProcess.Result failed = CliProcess.deploy(work.resolve("run"), "--config", config.toString());
        assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
        String resume = failed.stdout().lines().filter(l -> l.startsWith("Resume with: deploy ")).findFirst()
                .orElseThrow(() -> new AssertionError("no resume command in:\n" + failed.stdout()));
        assertThat(failed.all()).doesNotContain(TOKEN);

        Files.writeString(flag, "");
        String[] args = resume.substring("Resume with: deploy ".length()).split(" ");
        CliProcess.Result resumed = CliProcess.deploy(work.resolve("run"), args);
        assertThat(resumed.exitCode()).as(resumed.all()).isZero();
        assertThat(resumed.stdout()).contains("SUCCEEDED");
        assertThat(root.resolve("hk1").resolve("starts")).exists();
        assertThat(root.resolve("hk2").resolve("starts")).exists();
        assertThat(resumed.all()).doesNotContain(TOKEN);
        // The saved plan and what lies beside it hold no secret, only where the config keeps it.
        Path plan = Path.of(args[1]);
        try (var files = Files.list(plan.getParent())) {
            for (Path f : files.toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain(TOKEN);
            }
        }
    }
}
