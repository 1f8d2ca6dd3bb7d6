package deployer.tests.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SSH fan-out benchmark (not a test: excluded from {@code mvn verify}, run with {@code -Pbench}; see BENCHMARKS.md).
 *
 * <p>Real OpenSSH hosts on 127.0.0.2… ({@link OpenSshServers}); the same work is done by {@code deploy --tasklist}
 * (as bin/deploy starts it: the packaged jars, conf/log4j2.xml), by ansible (ad-hoc for one command per host, a
 * playbook of raw tasks otherwise, default linear strategy, default ControlPersist with a fresh control-path
 * directory per run so no run inherits another's connections) and by parallel-ssh (one invocation per task
 * round: pssh has no notion of a task list). Every tool logs in as the same user with the same key and
 * known_hosts. Each scenario runs once to warm up (not counted), then {@code bench.runs} times, the tools taking
 * turns. Reported: wall time of the whole command (median, min, max), for deploy also its own "in X s" (the run
 * without JVM start) and peak RSS (GNU time's %M), and for every tool the TCP connections each host accepted per
 * run (from sshd's log).
 *
 * <p>Scenarios: HOSTS hosts × 1 {@code true}; HOSTS × TASKS {@code true}; HOSTS × TASKS {@code sleep 0.2} (all with
 * concurrency 20, 2 per host); and 1 host × 30 {@code true} one at a time, whose time over 30 is the cost of one
 * command (on an open connection for deploy and ansible, a new one each time for pssh).
 *
 * <p>Knobs (system properties, -D on the Maven command line): bench.hosts (20), bench.tasks (10), bench.runs (5),
 * bench.concurrency (20), bench.perHost (2), bench.sleep (0.2), bench.sequential (30), bench.tools
 * (deploy,ansible,pssh), bench.javaOpts (extra JVM options for deploy, none by default).
 */
@Timeout(value = 4, unit = TimeUnit.HOURS)     // a benchmark, not a test: the build's 5-minute default is for tests
class SshFanOutBenchmark {

    private static final int HOSTS = Integer.getInteger("bench.hosts", 20);
    private static final int TASKS = Integer.getInteger("bench.tasks", 10);
    private static final int RUNS = Integer.getInteger("bench.runs", 5);
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 20);
    private static final int PER_HOST = Integer.getInteger("bench.perHost", 2);
    private static final int SEQUENTIAL = Integer.getInteger("bench.sequential", 30);
    private static final String SLEEP = System.getProperty("bench.sleep", "0.2");
    /** Extra JVM options for deploy, as DEPLOYER_JAVA_OPTS gives bin/deploy (e.g. -Xmx64m). */
    private static final String JAVA_OPTS = System.getProperty("bench.javaOpts", "").trim();
    private static final List<String> TOOLS = List.of(System.getProperty("bench.tools", "deploy,ansible,pssh").split(","));
    private static final Duration TIMEOUT = Duration.ofMinutes(20);
    private static final String GNU_TIME = "/usr/bin/time";
    private static final Pattern CONNECTED = Pattern.compile("Connected to \\S+ in (\\d+) ms");
    private static final Pattern SUMMARY = Pattern.compile("Run .*: (\\w+) in ([0-9.]+) s \\(([^)]*)\\)");
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** At-scale scenarios (see {@link #atScale()}): host counts and commands per host, every pair. */
    private static final List<Integer> SCALE_HOSTS = ints(System.getProperty("bench.scale.hosts", "50,200,500"));
    private static final List<Integer> SCALE_TASKS = ints(System.getProperty("bench.scale.tasks", "1,5"));
    private static final int SCALE_RUNS = Integer.getInteger("bench.scale.runs", 3);
    /**
     * An unpacked release (its folder, holding bin/deploy) for tool {@code release}: the self-contained tarball (its
     * own runtime and AOT cache) or the plain one, run side by side with the source checkout's bin/deploy.
     */
    private static final String RELEASE = System.getProperty("bench.release", "").trim();
    private static final List<String> SCALE_TOOLS = List.of(System.getProperty("bench.scale.tools",
            (RELEASE.isEmpty() ? "" : "release,") + "deploy,ansible-command,ansible-raw,pssh").split(","));

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(Math.max(HOSTS, SCALE_HOSTS.stream().max(Integer::compare).orElse(0)));

    @TempDir
    static Path work;

    /** hosts: the first so many hosts; parallel: deploy's concurrency and ansible's/pssh's forks. */
    record Scenario(String name, int hosts, int tasksPerHost, String command, int parallel, int perHost) {
        List<OpenSshServers.Host> targets() {
            return ssh.hosts().subList(0, hosts);
        }
    }

    /**
     * One measured run of one tool. inRunMillis (the summary's "in X s"), connectMillis (the slowest "Connected to …
     * in N ms" of the run), afterConnectMillis (from the last "Connected" log line to "Finished stage") and peakRssKb
     * are -1 where the tool does not give them.
     */
    record Sample(long wallMillis, long inRunMillis, long connectMillis, long afterConnectMillis, long peakRssKb, int minConnections,
                  int maxConnections) {
    }

    @Test
    void sshFanOut() throws Exception {
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        List<Scenario> scenarios = List.of(
                new Scenario(HOSTS + " hosts × 1 `true`", HOSTS, 1, "true", CONCURRENCY, PER_HOST),
                new Scenario(HOSTS + " hosts × " + TASKS + " `true`", HOSTS, TASKS, "true", CONCURRENCY, PER_HOST),
                new Scenario(HOSTS + " hosts × " + TASKS + " `sleep " + SLEEP + "`", HOSTS, TASKS, "sleep " + SLEEP, CONCURRENCY, PER_HOST),
                // One command after another on one host: the cost of a command on an open connection.
                new Scenario("1 host × " + SEQUENTIAL + " `true`, one at a time", 1, SEQUENTIAL, "true", 1, 1));
        List<String> tools = TOOLS.stream().filter(SshFanOutBenchmark::available).toList();
        Map<String, Map<String, List<Sample>>> results = new LinkedHashMap<>();

        for (Scenario s : scenarios) {
            Map<String, List<Sample>> byTool = new LinkedHashMap<>();
            tools.forEach(t -> byTool.put(t, new ArrayList<>()));
            for (int run = 0; run <= RUNS; run++) {          // run 0 warms up and is not counted
                for (String tool : tools) {
                    Path dir = Files.createDirectories(work.resolve(slug(s.name()) + "-" + tool + "-" + run));
                    Sample sample = switch (tool) {
                        case "deploy" -> deploy(s, dir);
                        case "ansible" -> ansible(s, dir);
                        case "pssh" -> pssh(s, dir);
                        default -> throw new IllegalArgumentException("unknown tool " + tool);
                    };
                    System.out.printf(Locale.ROOT, "%-40s %-8s run %d: %s%n", s.name(), tool, run, sample);
                    if (run > 0) {
                        byTool.get(tool).add(sample);
                    }
                }
            }
            results.put(s.name(), byTool);
        }

        String report = report(results, loadBefore, Files.readString(Path.of("/proc/loadavg")).trim());
        Path out = CliProcess.projectRoot().resolve("tests/target/bench");
        Files.createDirectories(out);
        Files.writeString(out.resolve("ssh-fanout.md"), report);
        System.out.println();
        System.out.println(report);
        System.out.println("(also written to " + out.resolve("ssh-fanout.md") + ")");
    }

    // ---- at scale: 50, 200, 500 hosts, K commands each, CPU on both sides ----

    /**
     * One measured run at scale. clientCpuMillis is GNU time's user+sys of the whole command (its waited-for children
     * included, and for ansible also its ControlPersist masters, read from /proc before they are closed);
     * serverCpuMillis the sshd processes' CPU over the run (see {@link #serverCpuTicks()}); handshakes the TCP
     * connections each host accepted (sshd's log), min and max over the hosts; ok whether every host succeeded.
     */
    record ScaleSample(long wallMillis, long clientCpuMillis, long serverCpuMillis, long peakRssKb, int minHandshakes,
                       int maxHandshakes, boolean ok, String load) {
    }

    /**
     * deploy (bin/deploy as users start it: the launcher's JVM options and class-data archive), ansible-playbook with
     * the {@code command} module and with {@code raw}, and parallel-ssh, each at N hosts × K commands, all hosts at
     * once (deploy concurrency N, one command at a time per host; ansible forks N, pipelining, ControlPersist;
     * pssh -p N, K invocations). Knobs: bench.scale.hosts (50,200,500), bench.scale.tasks (1,5), bench.scale.runs
     * (3), bench.scale.tools (deploy,ansible-command,ansible-raw,pssh), bench.javaOpts (DEPLOYER_JAVA_OPTS).
     */
    @Test
    void atScale() throws Exception {
        List<String> tools = SCALE_TOOLS.stream().filter(SshFanOutBenchmark::available).toList();
        Map<String, Map<String, List<ScaleSample>>> results = new LinkedHashMap<>();
        String loadBefore = load();
        for (int hosts : SCALE_HOSTS) {
            for (int k : SCALE_TASKS) {
                String name = hosts + " hosts × " + k + " `true`";
                Scenario s = new Scenario(name, hosts, k, "true", hosts, 1);
                Map<String, List<ScaleSample>> byTool = new LinkedHashMap<>();
                tools.forEach(t -> byTool.put(t, new ArrayList<>()));
                for (int run = 0; run <= SCALE_RUNS; run++) {          // run 0 warms up and is not counted
                    for (String tool : tools) {
                        Path dir = Files.createDirectories(work.resolve("scale-" + hosts + "x" + k + "-" + tool + "-" + run));
                        ScaleSample sample = scaleRun(tool, s, dir);
                        System.out.printf(Locale.ROOT, "%-24s %-16s run %d: %s%n", name, tool, run, sample);
                        if (run > 0) {
                            byTool.get(tool).add(sample);
                        }
                    }
                }
                results.put(name, byTool);
            }
        }
        String report = scaleReport(results, loadBefore, load());
        Path out = CliProcess.projectRoot().resolve("tests/target/bench");
        Files.createDirectories(out);
        Files.writeString(out.resolve("ssh-scale.md"), report);
        System.out.println();
        System.out.println(report);
        System.out.println("(also written to " + out.resolve("ssh-scale.md") + ")");
    }

    private ScaleSample scaleRun(String tool, Scenario s, Path dir) throws Exception {
        String load = load();
        Path timeOut = dir.resolve("time.out");
        List<String> cmd = new ArrayList<>(List.of(GNU_TIME, "-f", "%M %U %S", "-o", timeOut.toString()));
        Map<String, String> env = new LinkedHashMap<>();
        Path controlPaths = null;
        switch (tool) {
            case "deploy", "release" -> {
                cmd.addAll(deployCommand(s, dir, tool.equals("release") ? Path.of(RELEASE) : null));
                env.put("DEPLOYER_JAVA_OPTS", JAVA_OPTS);
            }
            case "ansible-command", "ansible-raw" -> {
                controlPaths = Files.createDirectories(dir.resolve("cp"));
                cmd.addAll(ansibleCommand(s, dir, tool.endsWith("raw") ? "raw" : "command", controlPaths, env));
            }
            case "pssh" -> cmd.addAll(List.of("/bin/sh", "-c", psshScript(s, dir)));
            default -> throw new IllegalArgumentException("unknown tool " + tool + " in bench.scale.tools");
        }
        int[] before = connections(s.hosts());
        long serverBefore = serverCpuTicks();   // with no connection left from the previous run
        Run r = run(cmd, dir, env);
        long extraClientTicks = 0;
        if (controlPaths != null) {
            // ControlPersist masters are detached from ansible: GNU time does not see their CPU. Read it, then end them
            // (so the next run starts with none, and their sshd processes end too).
            extraClientTicks = closeControlMasters(controlPaths);
        }
        long serverTicks = serverCpuTicks() - serverBefore;
        int[] delta = delta(before, connections(s.hosts()));
        String[] time = Files.readString(timeOut).trim().lines().reduce((a, b) -> b).orElse("-1 0 0").trim().split("\\s+");
        long clientMillis = Math.round((Double.parseDouble(time[1]) + Double.parseDouble(time[2])) * 1000) + extraClientTicks * 1000 / TICKS;
        boolean ok = r.exit == 0 && (!tool.equals("deploy") && !tool.equals("release") || r.stdout.contains("SUCCEEDED " + s.hosts() * s.tasksPerHost()));
        if (!ok) {
            System.out.println(tool + " failed (exit " + r.exit + "):\n" + tail(r.stdout) + "\n" + tail(r.stderr));
        }
        return new ScaleSample(r.wallMillis, clientMillis, serverTicks * 1000 / TICKS, Long.parseLong(time[0]),
                min(delta), max(delta), ok, load);
    }

    /**
     * bin/deploy (the launcher: its JVM defaults, its class-data archive) with the plan: N × K `true`, all hosts at once;
     * the source checkout's, or {@code release}'s when not null.
     */
    private List<String> deployCommand(Scenario s, Path dir, Path release) throws IOException {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int t = 0; t < s.tasksPerHost(); t++) {
            for (OpenSshServers.Host h : s.targets()) {
                Map<String, Object> task = new LinkedHashMap<>();
                task.put("command", "execute_command");
                task.put("remote_host", h.remoteHost());
                task.put("shell", s.command());
                tasks.add(task);
            }
        }
        Map<String, Object> stage = new LinkedHashMap<>();
        stage.put("name", "Fan-out");
        stage.put("concurrency", s.parallel());
        stage.put("concurrency_per_host", s.perHost());
        stage.put("tasks", tasks);
        Path tasklist = dir.resolve("plan.json");
        Files.writeString(tasklist, JSON.writeValueAsString(Map.of("name", "bench", "stages", List.of(stage))));
        Path config = Files.writeString(dir.resolve("deploy.yaml"), "platform: bench\n" + ssh.clientConfigYaml());
        if (release != null) {
            return List.of(release.resolve("bin/deploy").toString(), "--config", config.toString(), "--tasklist", tasklist.toString());
        }
        Path root = CliProcess.projectRoot();
        // The jars were just built by this Maven run (-am): tell the launcher so, or it would rebuild them itself.
        Path stamp = root.resolve("target/lib/.built");
        assertThat(root.resolve("target/lib")).as("packaged runtime jars (run with -am so they are built)").isDirectory();
        if (!Files.exists(stamp)) {
            Files.createFile(stamp);
        } else {
            Files.setLastModifiedTime(stamp, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        }
        return List.of(root.resolve("bin/deploy").toString(), "--config", config.toString(), "--tasklist", tasklist.toString());
    }

    private List<String> ansibleCommand(Scenario s, Path dir, String module, Path controlPaths, Map<String, String> env)
            throws IOException {
        StringBuilder inventory = new StringBuilder("[bench]\n");
        s.targets().forEach(h -> inventory.append(h.address()).append(" ansible_port=").append(h.port()).append('\n'));
        inventory.append("[bench:vars]\n")
                .append("ansible_user=").append(ssh.user()).append('\n')
                .append("ansible_ssh_private_key_file=").append(ssh.clientKey()).append('\n')
                // No interpreter discovery round trip: the tuned set-up, not the default one.
                .append("ansible_python_interpreter=/usr/bin/python3\n")
                .append("ansible_ssh_common_args='-o UserKnownHostsFile=").append(ssh.knownHosts())
                .append(" -o StrictHostKeyChecking=yes -o BatchMode=yes'\n");
        Path inv = Files.writeString(dir.resolve("inventory.ini"), inventory);
        Path cfg = Files.writeString(dir.resolve("ansible.cfg"), "[defaults]\nhost_key_checking = True\nretry_files_enabled = False\n"
                + "[ssh_connection]\npipelining = True\n");
        StringBuilder play = new StringBuilder("- hosts: all\n  gather_facts: false\n  tasks:\n");
        for (int t = 0; t < s.tasksPerHost(); t++) {
            play.append("    - ").append(module).append(": \"").append(s.command()).append("\"\n");
        }
        Path playbook = Files.writeString(dir.resolve("play.yml"), play);
        env.put("ANSIBLE_CONFIG", cfg.toString());
        env.put("ANSIBLE_LOCAL_TEMP", Files.createDirectories(dir.resolve("ansible-tmp")).toString());
        env.put("ANSIBLE_SSH_CONTROL_PATH_DIR", controlPaths.toString());
        return List.of("ansible-playbook", "-i", inv.toString(), "-f", Integer.toString(s.parallel()), playbook.toString());
    }

    private String psshScript(Scenario s, Path dir) throws IOException {
        Path hosts = Files.writeString(dir.resolve("hosts"), s.targets().stream()
                .map(h -> h.address() + ":" + h.port()).collect(Collectors.joining("\n", "", "\n")));
        List<String> one = List.of("parallel-ssh", "-h", hosts.toString(), "-p", Integer.toString(s.parallel()),
                "-l", ssh.user(), "-x", "-i " + ssh.clientKey() + " -o UserKnownHostsFile=" + ssh.knownHosts()
                        + " -o StrictHostKeyChecking=yes -o BatchMode=yes", s.command());
        return "for i in $(seq " + s.tasksPerHost() + "); do " + one.stream().map(SshFanOutBenchmark::quote)
                .collect(Collectors.joining(" ")) + " >/dev/null || exit 1; done";
    }

    /** CPU ticks of the ssh processes using a control socket in this directory; then asks each master to exit. */
    private static long closeControlMasters(Path controlPaths) throws Exception {
        long ticks = 0;
        // A master renames itself ("ssh: DIR/cp/HASH [mux]", all in argv[0]): read the raw command line, not arguments().
        List<ProcessHandle> masters = ProcessHandle.allProcesses()
                .filter(p -> rawCommandLine(p.pid()).contains(controlPaths.toString()))
                .toList();
        for (ProcessHandle p : masters) {
            ticks += cpuTicks(p.pid(), false);
            p.destroy();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (ProcessHandle p : masters) {
            while (p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        return ticks;
    }

    private static String rawCommandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static final long TICKS = 100;   // USER_HZ: /proc's unit for CPU times on Linux

    /**
     * CPU of every sshd of the fixture, in ticks, once every connection of the last run has ended (waits up to 60 s):
     * each listening sshd's own time plus that of the processes it has reaped (the per-connection sshd, and through
     * it the session and the command), so a difference of two readings is everything the servers did in between.
     */
    private static long serverCpuTicks() throws InterruptedException {
        List<ProcessHandle> servers = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < ssh.hosts().size(); i++) {
            ProcessHandle server = ssh.server(i);
            if (seen.add(server.pid())) {
                servers.add(server);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (servers.stream().anyMatch(s -> s.children().findAny().isPresent()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (servers.stream().anyMatch(s -> s.children().findAny().isPresent())) {
            System.out.println("warning: sshd connections still open after 60 s; their CPU so far is not in this reading");
        }
        return servers.stream().mapToLong(s -> cpuTicks(s.pid(), true)).sum();
    }

    /** utime + stime (+ cutime + cstime) from /proc/PID/stat; 0 for a process that has gone. */
    private static long cpuTicks(long pid, boolean withReaped) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After "pid (comm) ": field 3 (state) is f[0], so utime (14) is f[11], stime f[12], cutime f[13], cstime f[14].
            long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return withReaped ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static int[] connections(int hosts) {
        return IntStream.range(0, hosts).map(ssh::connections).toArray();
    }

    private static String load() throws IOException {
        String[] l = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        return l[0] + " " + l[1] + " " + l[2];
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(x -> !x.isEmpty()).map(Integer::valueOf).toList();
    }

    private static String scaleReport(Map<String, Map<String, List<ScaleSample>>> results, String loadBefore, String loadAfter)
            throws Exception {
        StringBuilder r = new StringBuilder();
        r.append("SSH at scale, ").append(LocalDateTime.now().withNano(0)).append('\n');
        r.append("runs ").append(SCALE_RUNS).append(" (+1 warm-up) per tool and scenario, tools taking turns; all hosts at once")
                .append(" (deploy concurrency N, 1 per host; ansible -f N; pssh -p N)")
                .append(JAVA_OPTS.isEmpty() ? "" : "; DEPLOYER_JAVA_OPTS " + JAVA_OPTS).append('\n');
        r.append("machine: nproc ").append(firstLine("nproc")).append(", ")
                .append(firstLine("sh", "-c", "grep MemTotal /proc/meminfo")).append('\n');
        r.append("/proc/loadavg before: ").append(loadBefore).append(", after: ").append(loadAfter).append('\n');
        r.append("java: ").append(firstLine(System.getProperty("java.home") + "/bin/java", "-version")).append('\n');
        r.append("ssh: ").append(firstLine("ssh", "-V")).append('\n');
        if (available("ansible")) {
            r.append("ansible: ").append(firstLine("ansible", "--version")).append('\n');
        }
        r.append('\n');
        r.append("| scenario | tool | ok runs | wall median (min–max) | client CPU median (min–max) | sshd CPU median | peak RSS median (max) | handshakes per host | load (1/5/15 min) at the runs |\n");
        r.append("|---|---|---|---|---|---|---|---|---|\n");
        results.forEach((scenario, byTool) -> byTool.forEach((tool, samples) -> {
            long[] wall = samples.stream().mapToLong(ScaleSample::wallMillis).sorted().toArray();
            long[] cpu = samples.stream().mapToLong(ScaleSample::clientCpuMillis).sorted().toArray();
            long[] server = samples.stream().mapToLong(ScaleSample::serverCpuMillis).sorted().toArray();
            long[] rss = samples.stream().mapToLong(ScaleSample::peakRssKb).sorted().toArray();
            int minH = samples.stream().mapToInt(ScaleSample::minHandshakes).min().orElse(0);
            int maxH = samples.stream().mapToInt(ScaleSample::maxHandshakes).max().orElse(0);
            long ok = samples.stream().filter(ScaleSample::ok).count();
            r.append("| ").append(scenario).append(" | ").append(tool)
                    .append(" | ").append(ok).append('/').append(samples.size())
                    .append(" | ").append(spread(wall))
                    .append(" | ").append(spread(cpu))
                    .append(" | ").append(seconds(median(server)))
                    .append(" | ").append(median(rss) / 1024).append(" MiB (").append(rss[rss.length - 1] / 1024).append(')')
                    .append(" | ").append(minH == maxH ? Integer.toString(minH) : minH + "–" + maxH)
                    .append(" | ").append(samples.stream().map(ScaleSample::load).map(l -> l.split(" ")[0]).collect(Collectors.joining(", ")))
                    .append(" |\n");
        }));
        // The ratios are to the release when it was measured (what users install), else to the source checkout's.
        String base = RELEASE.isEmpty() ? "deploy" : "release";
        r.append('\n').append("Ratios of median wall times (other tool / ").append(base).append("; above 1: ").append(base)
                .append(" is faster), and its client CPU per 100 hosts:\n\n");
        r.append("| scenario | deploy (source) / ").append(base).append(" | ansible-command / ").append(base).append(" | ansible-raw / ")
                .append(base).append(" | pssh / ").append(base).append(" | ").append(base).append(" client CPU per 100 hosts | ")
                .append(base).append(" peak RSS |\n");
        r.append("|---|---|---|---|---|---|---|\n");
        results.forEach((scenario, byTool) -> {
            List<ScaleSample> d = byTool.get(base);
            if (d == null || d.isEmpty()) {
                return;
            }
            long deployWall = median(d.stream().mapToLong(ScaleSample::wallMillis).sorted().toArray());
            long deployCpu = median(d.stream().mapToLong(ScaleSample::clientCpuMillis).sorted().toArray());
            long deployRss = median(d.stream().mapToLong(ScaleSample::peakRssKb).sorted().toArray());
            int hosts = Integer.parseInt(scenario.substring(0, scenario.indexOf(' ')));
            r.append("| ").append(scenario);
            for (String other : List.of("deploy", "ansible-command", "ansible-raw", "pssh")) {
                List<ScaleSample> o = other.equals(base) ? null : byTool.get(other);
                r.append(" | ").append(o == null || o.isEmpty() ? "–" : String.format(Locale.ROOT, "%.1f×",
                        median(o.stream().mapToLong(ScaleSample::wallMillis).sorted().toArray()) / (double) deployWall));
            }
            r.append(" | ").append(seconds(deployCpu * 100 / hosts)).append(" | ").append(deployRss / 1024).append(" MiB |\n");
        });
        return r.toString();
    }

    // ---- deploy ----

    private Sample deploy(Scenario s, Path dir) throws Exception {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int t = 0; t < s.tasksPerHost(); t++) {
            for (OpenSshServers.Host h : s.targets()) {
                Map<String, Object> task = new LinkedHashMap<>();
                task.put("command", "execute_command");
                task.put("remote_host", h.remoteHost());
                task.put("shell", s.command());
                tasks.add(task);
            }
        }
        Map<String, Object> stage = new LinkedHashMap<>();
        stage.put("name", "Fan-out");
        stage.put("concurrency", s.parallel());
        stage.put("concurrency_per_host", s.perHost());
        stage.put("tasks", tasks);
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("name", "bench");
        plan.put("stages", List.of(stage));
        Path tasklist = dir.resolve("plan.json");
        Files.writeString(tasklist, JSON.writeValueAsString(plan));
        Path config = dir.resolve("deploy.yaml");
        Files.writeString(config, "platform: bench\n" + ssh.clientConfigYaml());

        List<String> cmd = new ArrayList<>();
        Path rss = dir.resolve("time.out");
        boolean timed = Files.isExecutable(Path.of(GNU_TIME));
        if (timed) {
            cmd.addAll(List.of(GNU_TIME, "-f", "%M", "-o", rss.toString()));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!JAVA_OPTS.isEmpty()) {
            cmd.addAll(List.of(JAVA_OPTS.split("\\s+")));
        }
        cmd.addAll(List.of(
                "-Dlog4j2.configurationFile=" + CliProcess.projectRoot().resolve("conf/log4j2.xml"),
                "-cp", launcherClasspath(), CliProcess.DEPLOY,
                "--config", config.toString(), "--tasklist", tasklist.toString()));

        int[] before = connections();
        Run r = run(cmd, dir, Map.of());
        int[] delta = Arrays.copyOf(delta(before, connections()), s.hosts());
        assertThat(r.exit).as("deploy exit; stdout:%n%s%nstderr tail:%n%s", r.stdout, tail(r.stderr)).isZero();
        Matcher m = SUMMARY.matcher(r.stdout);
        assertThat(m.find()).as("run summary in %s", r.stdout).isTrue();
        assertThat(m.group(1)).isEqualTo("SUCCEEDED");
        assertThat(m.group(3)).contains("SUCCEEDED " + s.hosts() * s.tasksPerHost());
        long inRun = Math.round(Double.parseDouble(m.group(2)) * 1000);
        long peak = timed ? Long.parseLong(Files.readString(rss).trim().lines().reduce((a, b) -> b).orElseThrow()) : -1;
        long connect = CONNECTED.matcher(r.stderr).results().mapToLong(c -> Long.parseLong(c.group(1))).max().orElse(-1);
        Sample sample = new Sample(r.wallMillis, inRun, connect, afterConnect(r.stderr), peak, min(delta), max(delta));
        assertThat(delta).as("TCP connections per host in one deploy run").containsOnly(1);
        return sample;
    }

    /** The classpath bin/launch.sh gives bin/deploy: target/lib/* and the shipped modules' jars. */
    private static String launcherClasspath() throws IOException {
        Path root = CliProcess.projectRoot();
        assertThat(root.resolve("target/lib")).as("packaged runtime jars (run with -am so they are built)").isDirectory();
        StringBuilder cp = new StringBuilder(root.resolve("target/lib").toString()).append("/*");
        // Each shipping module's folder and artifact name (the SPI is nested under core).
        for (String[] module : new String[][] {{"core/spi", "spi"}, {"core", "core"}, {"commands", "commands"}, {"generators", "generators"}}) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(root.resolve(module[0]).resolve("target"), "deployer-" + module[1] + "-*.jar")) {
                for (Path jar : jars) {
                    if (!jar.getFileName().toString().endsWith("-tests.jar")) {
                        cp.append(':').append(jar);
                    }
                }
            }
        }
        return cp.toString();
    }

    /** Milliseconds from the last connection made to the end of the stage, from the log's timestamps. */
    private static long afterConnect(String log) {
        long lastConnect = -1;
        long finished = -1;
        for (String line : log.lines().toList()) {
            if (line.length() < 23) {
                continue;
            }
            if (line.contains("Connected to ")) {
                lastConnect = Math.max(lastConnect, timestamp(line));
            } else if (line.contains("Finished stage")) {
                finished = timestamp(line);
            }
        }
        return lastConnect < 0 || finished < 0 ? -1 : finished - lastConnect;
    }

    private static long timestamp(String logLine) {
        return LocalDateTime.parse(logLine.substring(0, 23), LOG_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    // ---- ansible ----

    private Sample ansible(Scenario s, Path dir) throws Exception {
        StringBuilder inventory = new StringBuilder("[bench]\n");
        s.targets().forEach(h -> inventory.append(h.address()).append(" ansible_port=").append(h.port()).append('\n'));
        inventory.append("[bench:vars]\n")
                .append("ansible_user=").append(ssh.user()).append('\n')
                .append("ansible_ssh_private_key_file=").append(ssh.clientKey()).append('\n')
                .append("ansible_ssh_common_args='-o UserKnownHostsFile=").append(ssh.knownHosts())
                .append(" -o StrictHostKeyChecking=yes -o BatchMode=yes'\n");
        Path inv = Files.writeString(dir.resolve("inventory.ini"), inventory);
        Path cfg = Files.writeString(dir.resolve("ansible.cfg"), "[defaults]\nhost_key_checking = True\nretry_files_enabled = False\n");
        Map<String, String> env = Map.of(
                "ANSIBLE_CONFIG", cfg.toString(),
                "ANSIBLE_LOCAL_TEMP", Files.createDirectories(dir.resolve("ansible-tmp")).toString(),
                // A fresh directory per run: ControlPersist (60 s by default) would otherwise hand the next run
                // the connections this one opened.
                "ANSIBLE_SSH_CONTROL_PATH_DIR", Files.createDirectories(dir.resolve("cp")).toString());
        List<String> cmd;
        if (s.tasksPerHost() == 1) {
            cmd = List.of("ansible", "all", "-i", inv.toString(), "-m", "raw", "-a", s.command(), "-f", Integer.toString(s.parallel()));
        } else {
            StringBuilder play = new StringBuilder("- hosts: all\n  gather_facts: false\n  tasks:\n");
            for (int t = 0; t < s.tasksPerHost(); t++) {
                play.append("    - raw: \"").append(s.command()).append("\"\n");
            }
            Path playbook = Files.writeString(dir.resolve("play.yml"), play);
            cmd = List.of("ansible-playbook", "-i", inv.toString(), "-f", Integer.toString(s.parallel()), playbook.toString());
        }
        return external("ansible", s, cmd, dir, env);
    }

    // ---- parallel-ssh ----

    private Sample pssh(Scenario s, Path dir) throws Exception {
        Path hosts = Files.writeString(dir.resolve("hosts"), s.targets().stream()
                .map(h -> h.address() + ":" + h.port()).collect(Collectors.joining("\n", "", "\n")));
        List<String> one = List.of("parallel-ssh", "-h", hosts.toString(), "-p", Integer.toString(s.parallel()),
                "-l", ssh.user(), "-x", "-i " + ssh.clientKey() + " -o UserKnownHostsFile=" + ssh.knownHosts()
                        + " -o StrictHostKeyChecking=yes -o BatchMode=yes", s.command());
        // pssh runs one command per host per invocation: N tasks are N invocations, one after the other, in one
        // shell so the wall time includes nothing of this JVM's.
        String script = "for i in $(seq " + s.tasksPerHost() + "); do " + one.stream().map(SshFanOutBenchmark::quote)
                .collect(Collectors.joining(" ")) + " >/dev/null || exit 1; done";
        return external("pssh", s, List.of("/bin/sh", "-c", script), dir, Map.of());
    }

    private Sample external(String tool, Scenario s, List<String> cmd, Path dir, Map<String, String> env) throws Exception {
        int[] before = connections();
        Run r = run(cmd, dir, env);
        int[] delta = Arrays.copyOf(delta(before, connections()), s.hosts());
        assertThat(r.exit).as("%s exit; stdout:%n%s%nstderr:%n%s", tool, tail(r.stdout), tail(r.stderr)).isZero();
        return new Sample(r.wallMillis, -1, -1, -1, -1, min(delta), max(delta));
    }

    // ---- plumbing ----

    private record Run(int exit, long wallMillis, String stdout, String stderr) {
    }

    private static Run run(List<String> cmd, Path dir, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish within " + TIMEOUT);
        }
        long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new Run(p.exitValue(), wall, Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    private static int[] connections() {
        return IntStream.range(0, HOSTS).map(ssh::connections).toArray();
    }

    private static int[] delta(int[] before, int[] after) {
        return IntStream.range(0, before.length).map(i -> after[i] - before[i]).toArray();
    }

    private static int min(int[] a) {
        return Arrays.stream(a).min().orElse(0);
    }

    private static int max(int[] a) {
        return Arrays.stream(a).max().orElse(0);
    }

    private static boolean available(String tool) {
        String exe = switch (tool) {
            case "deploy" -> System.getProperty("java.home") + "/bin/java";
            case "release" -> Path.of(RELEASE, "bin/deploy").toString();
            case "ansible", "ansible-command", "ansible-raw" -> "/usr/bin/ansible-playbook";
            case "pssh" -> "/usr/bin/parallel-ssh";
            default -> throw new IllegalArgumentException("unknown tool " + tool + " in bench.tools");
        };
        if (!Files.isExecutable(Path.of(exe))) {
            System.out.println("Skipping " + tool + ": " + exe + " is missing (see BENCHMARKS.md for apt-get install)");
            return false;
        }
        return true;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String slug(String s) {
        return s.replaceAll("[^A-Za-z0-9.]+", "-");
    }

    private static String tail(String s) {
        List<String> lines = s.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    // ---- report ----

    private static String report(Map<String, Map<String, List<Sample>>> results, String loadBefore, String loadAfter) throws Exception {
        StringBuilder r = new StringBuilder();
        r.append("SSH fan-out benchmark, ").append(LocalDateTime.now().withNano(0)).append('\n');
        r.append("runs ").append(RUNS).append(" (+1 warm-up); fan-out: deploy concurrency ")
                .append(CONCURRENCY).append(" / per host ").append(PER_HOST).append(", ansible -f ").append(CONCURRENCY)
                .append(", parallel-ssh -p ").append(CONCURRENCY).append("; one at a time: concurrency 1, -f 1, -p 1")
                .append(JAVA_OPTS.isEmpty() ? "" : ", deploy JVM options " + JAVA_OPTS).append('\n');
        r.append("machine: nproc ").append(firstLine("nproc")).append(", ")
                .append(firstLine("sh", "-c", "grep MemTotal /proc/meminfo")).append('\n');
        // Other work on the machine shows here: the numbers are only as quiet as the machine was.
        r.append("/proc/loadavg before: ").append(loadBefore).append(", after: ").append(loadAfter).append('\n');
        r.append("java: ").append(firstLine(System.getProperty("java.home") + "/bin/java", "-version")).append('\n');
        r.append("ssh: ").append(firstLine("ssh", "-V")).append('\n');
        if (available("ansible")) {
            r.append("ansible: ").append(firstLine("ansible", "--version")).append('\n');
        }
        if (available("pssh")) {
            r.append("parallel-ssh: ").append(firstLine("parallel-ssh", "--version")).append('\n');
        }
        r.append('\n');
        r.append("| scenario | tool | wall median (min–max) | deploy's own \"in X s\" median (min–max) | slowest SSH connect, median (deploy log) | last connect → stage end, median (min–max) (deploy log) | JVM start + exit (wall − in-run), median | peak RSS median (max) | TCP connections per host per run |\n");
        r.append("|---|---|---|---|---|---|---|---|---|\n");
        results.forEach((scenario, byTool) -> byTool.forEach((tool, samples) -> {
            long[] wall = samples.stream().mapToLong(Sample::wallMillis).sorted().toArray();
            long[] inRun = samples.stream().mapToLong(Sample::inRunMillis).sorted().toArray();
            long[] rss = samples.stream().mapToLong(Sample::peakRssKb).sorted().toArray();
            long[] connect = samples.stream().mapToLong(Sample::connectMillis).sorted().toArray();
            long[] after = samples.stream().mapToLong(Sample::afterConnectMillis).sorted().toArray();
            long[] overhead = samples.stream().mapToLong(x -> x.wallMillis() - x.inRunMillis()).sorted().toArray();
            int minC = samples.stream().mapToInt(Sample::minConnections).min().orElse(0);
            int maxC = samples.stream().mapToInt(Sample::maxConnections).max().orElse(0);
            boolean isDeploy = inRun.length > 0 && inRun[0] >= 0;
            r.append("| ").append(scenario).append(" | ").append(tool)
                    .append(" | ").append(spread(wall))
                    .append(" | ").append(isDeploy ? spread(inRun) : "–")
                    .append(" | ").append(isDeploy ? seconds(median(connect)) : "–")
                    .append(" | ").append(isDeploy && after[0] >= 0 ? spread(after) : "–")
                    .append(" | ").append(isDeploy ? seconds(median(overhead)) : "–")
                    .append(" | ").append(rss.length > 0 && rss[0] >= 0
                            ? (median(rss) / 1024) + " MiB (" + (rss[rss.length - 1] / 1024) + ")" : "–")
                    .append(" | ").append(minC == maxC ? Integer.toString(minC) : minC + "–" + maxC)
                    .append(" |\n");
        }));
        return r.toString();
    }

    private static long median(long[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String spread(long[] sorted) {
        return seconds(median(sorted)) + " (" + seconds(sorted[0]) + "–" + seconds(sorted[sorted.length - 1]) + ")";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    private static String firstLine(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().findFirst().orElse("?").trim();
    }
}
