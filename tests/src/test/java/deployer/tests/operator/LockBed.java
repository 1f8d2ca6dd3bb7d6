package deployer.tests.operator;

import deployer.tests.fixtures.DemoHosts;

import deployer.core.testing.CliProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hosts and a config for deploy lock tests: the demo-web v1 package released to hosts with their own roots
 * {@code <root>/<hostname>}, by a stand-in service whose start blocks until the test creates the gate file
 * {@code <root>/go} — so a test knows a run is inside its deploy stage (and holds its locks) without sleeping, and
 * decides when it may finish. Each start appends a line to {@code <host root>/starts}; a finished start writes
 * {@code running} to {@code <host root>/state}, a stop writes {@code stopped}. {@code <root>/fail} makes starts fail.
 */
final class LockBed {

    static final String SERVICE = "demo-web";
    static final String RELEASE = SERVICE + "_" + DemoHosts.V1;
    static final String PACKAGE = RELEASE + ".tar.gz";
    private static final Pattern RUN_ID = Pattern.compile("Run (\\S+): deploy by (\\S+) \\(pid (\\d+)\\)");
    private static final Duration WAIT = Duration.ofSeconds(90);

    final Path work;
    final Path root;
    /** As written in the config's host group. */
    final List<String> hosts;
    /** The {hostname} of each host: its root folder's name. */
    final List<String> hostnames;
    final Path config;

    LockBed(Path work, Path root, List<String> hosts, List<String> hostnames, String extraYaml) throws IOException {
        this.work = work;
        this.root = root;
        this.hosts = List.copyOf(hosts);
        this.hostnames = List.copyOf(hostnames);
        String r = root.toString();
        assertThat(r).doesNotContain(" ", "'", "\"");
        String yaml = "platform: tarball\n"
                + "tarballs: " + CliProcess.projectRoot().resolve("conf/demo/packages/v1") + "\n"
                + "hostgroup:\n"
                + "  web:\n"
                + "    hosts: [" + String.join(", ", hosts) + "]\n"
                + "service:\n"
                + "  " + SERVICE + ":\n"
                + "    hostgroups: [web]\n"
                + "    install_location: " + r + "/{hostname}\n"
                + "    stop_command: \"echo stopped > {install_location}/state\"\n"
                + "    start_command: \"[ ! -e " + r + "/fail ] || exit 3; echo start >> {install_location}/starts;"
                + " while [ ! -e " + r + "/go ]; do sleep 0.05; done; echo running > {install_location}/state\"\n"
                + "    control_timeout: 300\n"
                + extraYaml;
        config = Files.writeString(work.resolve("lock.yaml"), yaml);
    }

    Path hostRoot(int i) {
        return root.resolve(hostnames.get(i));
    }

    Path lockDir(int i) {
        return hostRoot(i).resolve(".deploy-lock." + SERVICE);
    }

    Path tempDir(int i) {
        return hostRoot(i).resolve(".deployer-tmp");
    }

    Path gate() {
        return root.resolve("go");
    }

    void openGate() throws IOException {
        Files.createFile(gate());
    }

    /** Starts a deploy of v1 (always planned: --redeploy) with its output in {@code work/<name>}. */
    Process start(String name, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("--config", config.toString(), "--redeploy"));
        args.addAll(List.of(options));
        return CliProcess.start(CliProcess.DEPLOY, work.resolve(name), args.toArray(String[]::new));
    }

    CliProcess.Result finish(String name, Process p) {
        return CliProcess.finish(p, work.resolve(name), Duration.ofMinutes(3));
    }

    CliProcess.Result deploy(String name, String... options) throws IOException {
        return finish(name, start(name, options));
    }

    String stderr(String name) throws IOException {
        Path f = work.resolve(name).resolve("cli.err");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    /** The run id a deploy printed at its start. */
    String runId(String name) throws IOException, InterruptedException {
        awaitStderr(name, "Run ");
        Matcher m = RUN_ID.matcher(stderr(name));
        assertThat(m.find()).as(stderr(name)).isTrue();
        return m.group(1);
    }

    void awaitStderr(String name, String text) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!stderr(name).contains(text)) {
            assertThat(Instant.now()).as("waiting for '" + text + "' from " + name + "; so far:\n" + stderr(name)).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    /** Waits until host {@code i}'s service was started {@code count} times (the starts block at the gate). */
    void awaitStarts(int i, int count) throws IOException, InterruptedException {
        Path starts = hostRoot(i).resolve("starts");
        Instant deadline = Instant.now().plus(WAIT);
        while (!Files.exists(starts) || Files.readAllLines(starts).size() < count) {
            assertThat(Instant.now()).as("waiting for " + count + " start(s) on " + hosts.get(i)).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    String lease(int i) throws IOException {
        return Files.readString(lockDir(i).resolve("lease"));
    }

    /** The names in host {@code i}'s temporary folder. */
    List<String> temp(int i) throws IOException {
        if (!Files.isDirectory(tempDir(i))) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(tempDir(i))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Every host runs v1, started to the end (no host left mid-chain), no lock left, no temporary file left. */
    void assertEveryHostFinished() throws IOException {
        for (int i = 0; i < hosts.size(); i++) {
            Path h = hostRoot(i);
            assertThat(Files.readSymbolicLink(h.resolve(SERVICE)).getFileName().toString()).as(hosts.get(i)).isEqualTo(RELEASE);
            assertThat(Files.readString(h.resolve("state")).strip()).as("state of " + hosts.get(i)).isEqualTo("running");
            assertThat(lockDir(i)).as("lock on " + hosts.get(i)).doesNotExist();
            assertThat(temp(i)).as("temporary files on " + hosts.get(i)).isEmpty();
            try (Stream<Path> s = Files.list(h)) {
                assertThat(s.map(p -> p.getFileName().toString())).as("stale lock folders on " + hosts.get(i))
                        .noneMatch(n -> n.startsWith(".deploy-lock"));
            }
        }
    }
}
