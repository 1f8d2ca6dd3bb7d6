package deployer.tests.resume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults on real OpenSSH hosts during a tarball release, each followed by its repair and
 * {@code deploy --tasklist <plan> --resume <journal>}: sshd killed mid-task, a host down from the start, a hung
 * command, a connection dropped mid-upload, a full disk, Ctrl-C once and twice. Every fault run must give the right
 * status to the faulty host, let the other hosts' running tasks end normally, leave a complete journal (one
 * task_finished per task of the plan: the deployer is never killed here) and delete no release; its resume must
 * finish the release on every host without running again what was done.
 *
 * <p>Three hosts 127.0.0.2-4, one sshd each (so one can die alone), share this machine: each has its own root
 * {@code <root>/<address>}. The service is a plain directory (no process: its port {@value #PORT} is only a
 * placeholder); its stop command runs a per-host hook file when the test has written one, which is how a task is
 * held or hung on one host. Each test releases the next version from where the previous one left every host, so
 * they run in order.
 */
@Tag("sshd")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshFaultsResumeTest {

    static final int HOST_COUNT = 3;
    /** Not the demo's 18080, nor 18081/18082 of the other end-to-end tests; nothing listens on it. */
    static final int PORT = 18095;
    static final String SERVICE = "fault-svc";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
    /** The tasks of one host's deploy chain. */
    private static final List<String> DEPLOY_CHAIN = List.of("stop_service", "move_file", "symlink", "start_service");

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(HOST_COUNT).addressesPerServer(1);

    @TempDir
    static Path work;
    static Path root;
    static Path hooks;
    static List<String> addresses;
    static int released;
    static Path mounted;

    @BeforeAll
    static void releaseTheFirstVersionEverywhere() throws Exception {
        root = ssh.writableDir("hosts");
        hooks = ssh.writableDir("hooks");
        addresses = ssh.hosts().stream().map(OpenSshServers.Host::address).toList();
        Run first = deployNext(config(60), 1);
        CliProcess.Result r = CliProcess.finish(first.process, first.cli, RUN_TIMEOUT);
        assertThat(r.exitCode()).as(r.all()).isZero();
        for (String h : addresses) {
            assertThat(current(h)).isEqualTo(release(1));
        }
    }

    /** A test that failed half-way may have left hooks behind: no test starts with another's. */
    @BeforeEach
    void noHooksLeft() throws IOException {
        clearHooks();
    }

    @AfterAll
    static void unmountTheSmallDisk() throws Exception {
        if (mounted != null) {
            run("umount", mounted.toString());
        }
    }

    @Test
    @Order(1)
    void sshdKilledMidTaskFailsThatHostUnreachableAndTheResumeFinishes() throws Exception {
        Map<String, Set<String>> before = releases();
        for (String h : addresses) {
            holdUntilReleased(h);
        }
        Run fault = deployNext(config(60), 0);
        awaitAllHeld(fault);
        ssh.kill(1);
        release();
        CliProcess.Result r = fault.finish();

        Journal j = fault.journal();
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(j.status("stop_service", 1)).as(r.all()).isEqualTo("FAILED UNREACHABLE");
        assertThat(j.status("stop_service", 0)).isEqualTo("SUCCEEDED");
        assertThat(j.status("stop_service", 2)).isEqualTo("SUCCEEDED");
        fault.assertFailedRunLeftAResumableTrace(r, before);

        ssh.restart(1);
        clearHooks();
        fault.resumeAndAssertEveryHostReleased(r);
    }

    @Test
    @Order(2)
    void aHostDownFromTheStartFailsUnreachableAndTheResumeFinishes() throws Exception {
        Map<String, Set<String>> before = releases();
        int version = nextVersion();
        writePackage(version, 64 << 10);
        // The plan is made while every host answers (the generator reads each host's releases); the host is gone
        // by the time it runs.
        Path cli = work.resolve("v" + version);
        Path plan = cli.resolve("plan.json");
        CliProcess.Result built = CliProcess.buildTasklist(cli.resolve("build"), "--config", config(60).toString(),
                "--directory", packages(version).toString(), "--save", plan.toString());
        assertThat(built.exitCode()).as(built.all()).isZero();
        ssh.kill(1);
        Path journal = cli.resolve("run.journal");
        Process p = CliProcess.start(CliProcess.DEPLOY, cli, "--config", config(60).toString(), "--tasklist", plan.toString(),
                "--journal", journal.toString());
        Run fault = new Run(p, cli, version, journal, plan);
        CliProcess.Result r = fault.finish();

        Journal j = fault.journal();
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(j.firstFailure()).as(r.all()).contains(addresses.get(1)).contains("UNREACHABLE");
        fault.assertFailedRunLeftAResumableTrace(r, before);

        ssh.restart(1);
        fault.resumeAndAssertEveryHostReleased(r);
    }

    @Test
    @Order(3)
    void aHungCommandTimesOutOnItsHostAndTheResumeFinishes() throws Exception {
        Map<String, Set<String>> before = releases();
        // The stop command hangs on host 1; control_timeout is the stop command's time limit.
        Files.writeString(hooks.resolve(addresses.get(1)), "touch " + hooks.resolve("started-" + addresses.get(1)) + "; sleep 20\n");
        Run fault = deployNext(config(2), 0);
        CliProcess.Result r = fault.finish();

        Journal j = fault.journal();
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(hooks.resolve("started-" + addresses.get(1))).exists();
        assertThat(j.status("stop_service", 1)).as(r.all()).isEqualTo("FAILED TIMEOUT");
        assertThat(j.status("stop_service", 0)).isEqualTo("SUCCEEDED");
        assertThat(j.status("stop_service", 2)).isEqualTo("SUCCEEDED");
        fault.assertFailedRunLeftAResumableTrace(r, before);

        clearHooks();
        fault.resumeAndAssertEveryHostReleased(r);
    }

    @Test
    @Order(4)
    void aConnectionDroppedMidUploadFailsThatHostAndTheResumeFinishes() throws Exception {
        Map<String, Set<String>> before = releases();
        int version = nextVersion();
        long size = Files.size(writePackage(version, 48 << 20));
        Run fault = deployNext(config(60), version);
        // The upload lands in <root>/<host>/.deployer-tmp/<release>.<run id>/.<package>.part-…; drop host 1's connection once its first
        // bytes are there (the listening sshd stays: the host is reachable again at once).
        Path partial = awaitUpload(addresses.get(1), fault);
        // The transfer is stalled first (sftp-server frozen), so that the drop surely comes before its end.
        freezeSftpServer(1);
        long sizeAtDrop = Files.size(partial);
        int dropped = ssh.dropConnections(1);
        CliProcess.Result r = fault.finish();

        Journal j = fault.journal();
        assertThat(dropped).isEqualTo(1);
        assertThat(sizeAtDrop).as("dropped mid-upload").isLessThan(size);
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(j.status("upload", 1)).as(r.all()).isEqualTo("FAILED UNREACHABLE");
        assertThat(j.message("upload", 1)).contains("lost while uploading");
        assertThat(j.status("upload", 0)).isEqualTo("SUCCEEDED");
        assertThat(j.status("upload", 2)).isEqualTo("SUCCEEDED");
        fault.assertFailedRunLeftAResumableTrace(r, before);

        fault.resumeAndAssertEveryHostReleased(r);
    }

    @Test
    @Order(5)
    void aFullDiskFailsTheUploadOnItsHostAndTheResumeFinishesOnceThereIsRoom() throws Exception {
        Map<String, Set<String>> before = releases();
        int version = nextVersion();
        writePackage(version, 4 << 20);
        // A real small file system: a 1 MiB tmpfs as host 2's unpack directory, owned by the login user.
        Path tmp = root.resolve(addresses.get(2)).resolve(".deployer-tmp");
        Files.createDirectories(tmp);
        int uid = (Integer) Files.getAttribute(root, "unix:uid");
        run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0755,uid=" + uid, "tmpfs", tmp.toString());
        mounted = tmp;
        Run fault = deployNext(config(60), version);
        CliProcess.Result r = fault.finish();

        Journal j = fault.journal();
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        // sftp-server answers a write that hits ENOSPC with SSH_FX_FAILURE ("Failure"), the protocol's only word for
        // it: the deployer cannot tell a full disk from other write failures.
        assertThat(j.status("upload", 2)).as(r.all()).isEqualTo("FAILED COMMAND_ERROR");
        assertThat(j.message("upload", 2)).as(r.all()).contains("uploading", "failed: FAILURE");
        assertThat(j.status("upload", 0)).isEqualTo("SUCCEEDED");
        assertThat(j.status("upload", 1)).isEqualTo("SUCCEEDED");
        fault.assertFailedRunLeftAResumableTrace(r, before);

        run("mount", "-o", "remount,size=64m", tmp.toString());
        fault.resumeAndAssertEveryHostReleased(r);
    }

    @Test
    @Order(6)
    void ctrlCOnceLetsTheRunningTasksEndAndTheResumeFinishes() throws Exception {
        Map<String, Set<String>> before = releases();
        for (String h : addresses) {
            holdUntilReleased(h);
        }
        Run fault = deployNext(config(60), 0);
        awaitAllHeld(fault);
        CliProcess.interrupt(fault.process);
        await(() -> Files.readString(fault.cli.resolve("cli.err")).contains("Interrupted: starting nothing new"), fault.process,
                "the interrupt to be noticed");
        release();
        CliProcess.Result r = fault.finish();

        Journal j = fault.journal();
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        // Chains under way end (a host is not left half-switched); nothing new starts: no cleanup of old releases.
        for (int h = 0; h < HOST_COUNT; h++) {
            for (String command : DEPLOY_CHAIN) {
                assertThat(j.status(command, h)).as(r.all()).isEqualTo("SUCCEEDED");
            }
            assertThat(j.status("cleanup", h)).isEqualTo("NOT_RUN");
        }
        assertThat(j.runStatus()).isEqualTo("STOPPED");
        fault.assertFailedRunLeftAResumableTrace(r, before);

        clearHooks();
        fault.resumeAndAssertEveryHostReleased(r);
    }

    @Test
    @Order(7)
    void ctrlCTwiceInterruptsTheRunningTaskAndTheResumeFinishes() throws Exception {
        Map<String, Set<String>> before = releases();
        holdUntilReleased(addresses.get(1));
        Run fault = deployNext(config(60), 0);
        // Hosts 0 and 2 finish their part; host 1 is held in its stop command when Ctrl-C comes twice.
        await(() -> Files.exists(hooks.resolve("started-" + addresses.get(1)))
                && fault.journalIfAny().finished("start_service").size() == 2, fault.process, "hosts 0 and 2 to be released");
        CliProcess.interrupt(fault.process);
        await(() -> Files.readString(fault.cli.resolve("cli.err")).contains("Interrupted: starting nothing new"), fault.process,
                "the first interrupt to be noticed");
        CliProcess.interrupt(fault.process);
        CliProcess.Result r = fault.finish();
        release();

        Journal j = fault.journal();
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(j.status("stop_service", 1)).as(r.all()).isEqualTo("FAILED INTERRUPTED");
        assertThat(j.status("start_service", 0)).isEqualTo("SUCCEEDED");
        assertThat(j.status("start_service", 2)).isEqualTo("SUCCEEDED");
        assertThat(j.runStatus()).isEqualTo("ABORTED");
        fault.assertFailedRunLeftAResumableTrace(r, before);

        clearHooks();
        fault.resumeAndAssertEveryHostReleased(r);
    }

    // ---- the release under test -------------------------------------------------------------------------------

    /** A deploy run of one version, started with its own journal. */
    record Run(Process process, Path cli, int version, Path journalFile, Path plan) {

        CliProcess.Result finish() {
            try {
                return CliProcess.finish(process, cli, RUN_TIMEOUT);
            } finally {
                process.destroyForcibly();
            }
        }

        /** The plan a resume goes on with: the one run, or the generated one saved beside the journal. */
        Path resumePlan() {
            return plan != null ? plan : Path.of(journalFile.toString().replaceFirst("\\.journal$", ".plan.json"));
        }

        Journal journal() throws IOException {
            return Journal.read(journalFile);
        }

        Journal journalIfAny() throws IOException {
            return Files.exists(journalFile) ? Journal.read(journalFile) : new Journal(List.of());
        }

        /**
         * What every failed run must leave: the resume command on stdout, one task_finished per task of the plan,
         * every release directory that was there before, and the hosts not yet switched still at their release.
         */
        void assertFailedRunLeftAResumableTrace(CliProcess.Result r, Map<String, Set<String>> before) throws IOException {
            Path resumePlan = resumePlan();
            assertThat(resumePlan).exists();
            assertThat(r.stdout()).contains("Resume with: deploy --tasklist " + resumePlan + " --resume " + journalFile + " --config ");
            Journal j = journal();
            assertThat(j.events()).filteredOn(e -> e.path("event").asText().equals("run_started")).hasSize(1);
            assertThat(j.finishedIds()).as("one task_finished per task of the plan").containsExactlyInAnyOrderElementsOf(taskIds(resumePlan));
            assertThat(j.startedWithoutEnd()).as("every started task ended").isEmpty();
            Map<String, Set<String>> after = releases();
            for (int i = 0; i < HOST_COUNT; i++) {
                String h = addresses.get(i);
                assertThat(after.get(h)).as("no release deleted on %s", h).containsAll(before.get(h));
                if (!j.status("symlink", i).equals("SUCCEEDED")) {
                    assertThat(before.get(h)).as("%s not switched: still at a release it had", h).contains(current(h));
                }
            }
        }

        /**
         * Runs the resume command the failed run printed: exit 0, what was done counted ALREADY_DONE, every host at
         * this version.
         */
        void resumeAndAssertEveryHostReleased(CliProcess.Result failed) throws IOException {
            String hint = failed.stdout().lines().filter(l -> l.startsWith("Resume with: deploy ")).findFirst().orElseThrow();
            String[] args = hint.substring("Resume with: deploy ".length()).split(" ");
            Set<String> doneBefore = journal().succeededIds();
            Set<String> deployedBefore = journal().succeededIds(DEPLOY_CHAIN);
            CliProcess.Result resumed = CliProcess.deploy(cli.resolve("resume"), args);
            assertThat(resumed.exitCode()).as(resumed.all()).isZero();
            Journal second = journal().lastRun();
            assertThat(second.events().get(0).path("event").asText()).isEqualTo("run_started");
            Set<String> alreadyDone = second.idsWithStatus("ALREADY_DONE");
            if (!alreadyDone.isEmpty()) {
                assertThat(resumed.stdout()).contains("ALREADY_DONE " + alreadyDone.size());
            }
            // Nothing counts as done that was not; no host is deployed twice (its deploy chain's done tasks are
            // not run again; upload and unpack may be, where the failed run's cleanup removed them).
            assertThat(doneBefore).containsAll(alreadyDone);
            assertThat(alreadyDone).as(resumed.all()).containsAll(deployedBefore);
            assertThat(second.runStatus()).isEqualTo("SUCCEEDED");
            for (String h : addresses) {
                assertThat(current(h)).as("release on %s", h).isEqualTo(SshFaultsResumeTest.release(version));
                assertThat(root.resolve(h).resolve(SshFaultsResumeTest.release(version)).resolve("VERSION")).hasContent(SshFaultsResumeTest.version(version) + "\n");
            }
        }
    }

    /** Starts {@code deploy --config … --directory <packages of version>}; version 0 means the next one. */
    private static Run deployNext(Path config, int version) throws IOException, InterruptedException {
        if (version == 0) {
            version = nextVersion();
        }
        if (!Files.isDirectory(packages(version))) {
            writePackage(version, 64 << 10);
        }
        Path cli = work.resolve("v" + version);
        Path journal = cli.resolve("run.journal");
        Process p = CliProcess.start(CliProcess.DEPLOY, cli, "--config", config.toString(), "--directory", packages(version).toString(),
                "--journal", journal.toString());
        return new Run(p, cli, version, journal, null);
    }

    private static int nextVersion() {
        return ++released + 1;
    }

    static String version(int n) {
        return String.format("a%06d-202601%02d000000", n, n);
    }

    static String release(int n) {
        return SERVICE + "_" + version(n);
    }

    static Path packages(int version) {
        return work.resolve("packages").resolve("v" + version);
    }

    /** {@code <service>_<version>.tar}: a VERSION file and {@code bytes} of random (incompressible) data. */
    private static Path writePackage(int version, int bytes) throws IOException, InterruptedException {
        Path content = Files.createDirectories(work.resolve("content").resolve("v" + version));
        Files.writeString(content.resolve("VERSION"), version(version) + "\n");
        byte[] data = new byte[bytes];
        new Random(version).nextBytes(data);
        Files.write(content.resolve("data.bin"), data);
        Path tar = Files.createDirectories(packages(version)).resolve(release(version) + ".tar");
        run("tar", "-cf", tar.toString(), "-C", content.toString(), "VERSION", "data.bin");
        return tar;
    }

    /** The tarball config: the three hosts, one batch for all (no host has to stay up), no release ever cleaned up. */
    private static Path config(int controlTimeout) throws IOException {
        String hosts = ssh.hosts().stream().map(OpenSshServers.Host::remoteHost).collect(Collectors.joining(", "));
        String yaml = "platform: tarball\n"
                + "keep_versions: 20\n"
                + "deploy_concurrency: " + HOST_COUNT + "\n"
                + "hostgroup:\n"
                + "  faults:\n"
                + "    hosts: [" + hosts + "]\n"
                + "service:\n"
                + "  " + SERVICE + ":\n"
                + "    hostgroups: [faults]\n"
                + "    port: " + PORT + "\n"
                + "    install_location: " + root + "/{hostname}\n"
                + "    stop_command: \"[ ! -f " + hooks + "/{hostname} ] || . " + hooks + "/{hostname}\"\n"
                + "    start_command: \"touch {install_location}/started\"\n"
                + "    control_timeout: " + controlTimeout + "\n"
                + "    min_nodes_up: 0\n"
                + ssh.clientConfigYaml();
        Path file = work.resolve("faults-" + controlTimeout + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    // ---- holding and releasing tasks ----------------------------------------------------------------------------

    /** The host's stop command marks that it started, then waits for {@link #release()}. */
    private static void holdUntilReleased(String host) throws IOException {
        Files.writeString(hooks.resolve(host), "touch " + hooks.resolve("started-" + host) + "; "
                + "while [ ! -e " + hooks.resolve("go") + " ]; do sleep 0.05; done\n");
    }

    private static void release() throws IOException {
        Files.writeString(hooks.resolve("go"), "");
    }

    private static void clearHooks() throws IOException {
        try (Stream<Path> files = Files.list(hooks)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }

    private static void awaitAllHeld(Run run) throws Exception {
        await(() -> addresses.stream().allMatch(h -> Files.exists(hooks.resolve("started-" + h))), run.process,
                "every host's stop command to start");
    }

    /**
     * The first bytes of the package uploaded to a host, waited for: the file under its temporary name (an upload
     * arrives as {@code .<name>.part-<uuid>}, renamed into place at its end).
     */
    private static Path awaitUpload(String host, Run run) throws Exception {
        Path tmp = root.resolve(host).resolve(".deployer-tmp");
        Path[] found = new Path[1];
        await(() -> {
            if (!Files.isDirectory(tmp)) {
                return false;
            }
            try (Stream<Path> s = Files.walk(tmp)) {
                Optional<Path> f = s.filter(p -> p.getFileName().toString().startsWith("." + release(run.version) + ".tar.part-")).findFirst();
                found[0] = f.orElse(null);
                return f.isPresent() && Files.size(f.get()) > 0;
            } catch (java.io.UncheckedIOException e) {
                return false;   // a directory appeared or went while walking
            }
        }, run.process, "the upload to " + host + " to start");
        return found[0];
    }

    private static void freezeSftpServer(int hostIndex) throws IOException, InterruptedException {
        List<String> pids = ssh.server(hostIndex).descendants()
                .filter(p -> p.info().command().orElse("").endsWith("sftp-server")).map(p -> Long.toString(p.pid())).toList();
        assertThat(pids).as("the sftp-server of the upload").isNotEmpty();
        List<String> command = new ArrayList<>(List.of("kill", "-STOP"));
        command.addAll(pids);
        run(command.toArray(String[]::new));
    }

    private interface Condition {
        boolean holds() throws IOException;
    }

    private static void await(Condition condition, Process deploy, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.holds()) {
            if (!deploy.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what + " (deploy " + (deploy.isAlive() ? "still running" : "ended") + ")");
            }
            Thread.sleep(5);
        }
    }

    // ---- what the hosts hold --------------------------------------------------------------------------------------

    static String current(String host) throws IOException {
        return Files.readSymbolicLink(root.resolve(host).resolve(SERVICE)).getFileName().toString();
    }

    static Map<String, Set<String>> releases() throws IOException {
        Map<String, Set<String>> out = new HashMap<>();
        for (String h : addresses) {
            try (Stream<Path> s = Files.list(root.resolve(h))) {
                out.put(h, s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(SERVICE + "_")).collect(Collectors.toSet()));
            }
        }
        return out;
    }

    /** Every task id of a plan: {@code stage.task}, or {@code stage.chain.task} inside a chain. */
    static Set<String> taskIds(Path plan) throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        JsonNode stages = JSON.readTree(plan.toFile()).path("stages");
        for (int s = 0; s < stages.size(); s++) {
            JsonNode tasks = stages.get(s).path("tasks");
            for (int t = 0; t < tasks.size(); t++) {
                JsonNode task = tasks.get(t);
                if (task.isArray()) {
                    for (int c = 0; c < task.size(); c++) {
                        ids.add((s + 1) + "." + (t + 1) + "." + (c + 1));
                    }
                } else {
                    ids.add((s + 1) + "." + (t + 1));
                }
            }
        }
        return ids;
    }

    /** A journal's events (or the events of one of its runs). */
    record Journal(List<JsonNode> events) {

        static Journal read(Path file) throws IOException {
            List<JsonNode> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
            return new Journal(out);
        }

        /** The events from the last run_started on. */
        Journal lastRun() {
            int start = 0;
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).path("event").asText().equals("run_started")) {
                    start = i;
                }
            }
            return new Journal(events.subList(start, events.size()));
        }

        List<JsonNode> finished(String command) {
            return events.stream().filter(e -> e.path("event").asText().equals("task_finished") && e.path("command").asText().equals(command)).toList();
        }

        /** "STATUS" or "STATUS REASON" of the command's task on host {@code hostIndex}. */
        String status(String command, int hostIndex) {
            JsonNode e = finishedOn(command, hostIndex);
            String reason = e.path("reason").asText("");
            return e.path("status").asText() + (reason.isEmpty() || reason.equals("null") ? "" : " " + reason);
        }

        String message(String command, int hostIndex) {
            return finishedOn(command, hostIndex).path("message").asText();
        }

        private JsonNode finishedOn(String command, int hostIndex) {
            String host = ssh.host(hostIndex).remoteHost();
            List<JsonNode> on = finished(command).stream().filter(e -> e.path("host").asText().contains(host)).toList();
            assertThat(on).as("%s on %s in %s", command, host, events).hasSize(1);
            return on.get(0);
        }

        String statusOf(String taskId) {
            return events.stream().filter(e -> e.path("event").asText().equals("task_finished") && e.path("task").asText().equals(taskId))
                    .map(e -> e.path("status").asText()).findFirst().orElse("(none)");
        }

        List<String> finishedIds() {
            return events.stream().filter(e -> e.path("event").asText().equals("task_finished")).map(e -> e.path("task").asText()).toList();
        }

        Set<String> succeededIds() {
            return events.stream().filter(e -> e.path("event").asText().equals("task_finished")
                            && List.of("SUCCEEDED", "SKIPPED").contains(e.path("status").asText()))
                    .map(e -> e.path("task").asText()).collect(Collectors.toSet());
        }

        Set<String> succeededIds(List<String> commands) {
            return events.stream().filter(e -> e.path("event").asText().equals("task_finished")
                            && e.path("status").asText().equals("SUCCEEDED") && commands.contains(e.path("command").asText()))
                    .map(e -> e.path("task").asText()).collect(Collectors.toSet());
        }

        Set<String> idsWithStatus(String status) {
            return events.stream().filter(e -> e.path("event").asText().equals("task_finished") && e.path("status").asText().equals(status))
                    .map(e -> e.path("task").asText()).collect(Collectors.toSet());
        }

        List<String> startedWithoutEnd() {
            Set<String> open = new LinkedHashSet<>();
            for (JsonNode e : events) {
                switch (e.path("event").asText()) {
                    case "task_started" -> open.add(e.path("task").asText());
                    case "task_finished" -> open.remove(e.path("task").asText());
                    default -> { }
                }
            }
            return List.copyOf(open);
        }

        String runStatus() {
            return events.stream().filter(e -> e.path("event").asText().equals("run_finished")).map(e -> e.path("status").asText())
                    .reduce((a, b) -> b).orElse("(none)");
        }

        /** "task host status reason message" of the first failed task. */
        String firstFailure() {
            return events.stream().filter(e -> e.path("event").asText().equals("task_finished") && e.path("status").asText().equals("FAILED"))
                    .map(e -> e.path("task").asText() + " " + e.path("host").asText() + " " + e.path("status").asText() + " "
                            + e.path("reason").asText() + " " + e.path("message").asText())
                    .findFirst().orElse("(none)");
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + output);
        }
    }
}
