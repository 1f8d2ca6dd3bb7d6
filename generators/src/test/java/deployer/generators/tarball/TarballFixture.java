package deployer.generators.tarball;

import deployer.core.config.Config;
import deployer.core.config.ConfigLoader;
import deployer.core.internal.exec.CommandRegistry;
import deployer.core.internal.exec.Engine;
import deployer.core.internal.host.HostPool;
import deployer.core.internal.host.LocalHost;
import deployer.core.json.TasklistWriter;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Tasklist;
import deployer.core.spi.GeneratorContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real directory tree standing in for a fleet: each {@code local:NAME} host's install_location lives under
 * {@code root/hosts/NAME}, with real release directories and symlinks, read by the generator over real local hosts.
 * Golden tasklists are compared with {@code $ROOT} in place of the temp directory; run with
 * {@code -Dgolden.update=true} to rewrite them (then review the diff).
 */
final class TarballFixture {

    static final Path GOLDEN_SOURCE = Path.of("src/test/resources/tarball/golden");

    final Path root;
    private final List<Path> packages = new ArrayList<>();
    private final java.util.Set<String> failingUrls = new java.util.HashSet<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> commands = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Every host of the fixture runs its checks for real, with {@code sv} and {@code curl} on its PATH being stand-ins
     * that answer "up" unless {@link #down} said otherwise; a health check URL answers 2xx unless {@link #urlDown}.
     */
    TarballFixture(Path root) {
        this.root = root;
        try {
            Path bin = Files.createDirectories(root.resolve("fixture/bin"));
            Files.createDirectories(root.resolve("fixture/down"));
            Files.writeString(bin.resolve("sv"), "#!/bin/sh\ncase $1 in check) [ ! -e \"$FIXTURE_STATE/down/$FIXTURE_HOST.$2\" ];; *) exit 0;; esac\n");
            Files.writeString(bin.resolve("curl"), "#!/bin/sh\nexit 0\n");
            for (String tool : List.of("sv", "curl")) {
                bin.resolve(tool).toFile().setExecutable(true);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code sv check SERVICE} fails on this host from now on (the service is down). */
    void down(String host, String service) throws IOException {
        Files.writeString(root.resolve("fixture/down/" + host + "." + service), "");
    }

    /** This health check URL answers 503 from now on. */
    void urlDown(String url) {
        failingUrls.add(url);
    }

    /** How many command lines the generator ran on this host ({@code local:NAME}) so far. */
    int commandsRun(String host) {
        return commands.getOrDefault(host, new java.util.concurrent.atomic.AtomicInteger()).get();
    }

    private String urlFailure(String url) {
        return failingUrls.contains(url) ? "HTTP 503" : null;
    }

    /** The run's hosts with the fixture's stand-ins first on their PATH. */
    private deployer.core.spi.Hosts withStandIns(HostPool pool) {
        return (address, user) -> new StandInHost(pool.host(address, user), address.key().replaceFirst("^local:", ""));
    }

    /** A real host whose command lines see the fixture's {@code sv} and {@code curl}. */
    private final class StandInHost implements deployer.core.spi.RemoteHost {
        private final deployer.core.spi.RemoteHost host;
        private final String prefix;

        StandInHost(deployer.core.spi.RemoteHost host, String name) {
            this.host = host;
            this.prefix = "PATH=" + deployer.core.spi.Shell.quote(root.resolve("fixture/bin").toString()) + ":$PATH FIXTURE_STATE="
                    + deployer.core.spi.Shell.quote(root.resolve("fixture").toString()) + " FIXTURE_HOST=" + deployer.core.spi.Shell.quote(name)
                    + "; export PATH FIXTURE_STATE FIXTURE_HOST\n";
        }

        @Override
        public String name() {
            return host.name();
        }

        @Override
        public deployer.core.spi.ExecResult execute(String commandLine, deployer.core.spi.ExecOptions options)
                throws deployer.core.spi.HostException, InterruptedException {
            commands.computeIfAbsent(host.name(), k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            return host.execute(prefix + commandLine, options);
        }

        @Override
        public void put(Path localFile, String remotePath) throws deployer.core.spi.HostException, InterruptedException {
            host.put(localFile, remotePath);
        }

        @Override
        public void get(String remotePath, Path localFile) throws deployer.core.spi.HostException, InterruptedException {
            host.get(remotePath, localFile);
        }

        @Override
        public boolean exists(String remotePath) throws deployer.core.spi.HostException, InterruptedException {
            return host.exists(remotePath);
        }

        @Override
        public void close() {
            // The pool closes the real host.
        }
    }

    /** Loads {@code tarball/configs/NAME.yaml} with {@code @ROOT@} replaced, plus typed command-line options. */
    Config config(String name, Map<String, Object> commandLine) throws IOException, InvalidInputException {
        String yaml;
        try (InputStream in = TarballFixture.class.getResourceAsStream("/tarball/configs/" + name + ".yaml")) {
            assertThat(in).as("config resource " + name).isNotNull();
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path file = root.resolve("conf").resolve(name + ".yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml.replace("@ROOT@", root.toString()));
        return ConfigLoader.load(file).withCommandLine(commandLine);
    }

    Config config(String name) throws IOException, InvalidInputException {
        return config(name, Map.of());
    }

    /** A package file (its contents do not matter to the generator). */
    Path pkg(String fileName) throws IOException {
        Path p = root.resolve("packages").resolve(fileName);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "not really a tarball\n");
        packages.add(p);
        return p;
    }

    /**
     * Installs releases of a service under {@code dir}, oldest first, and points the service link at
     * {@code current} (null: no link).
     */
    void installed(String dir, String service, String current, String... versions) throws IOException {
        Path d = root.resolve(dir);
        Files.createDirectories(d);
        Instant t = Instant.parse("2024-05-01T00:00:00Z");
        for (String v : versions) {
            Path release = Files.createDirectories(d.resolve(service + "_" + v));
            Files.setLastModifiedTime(release, FileTime.from(t));
            t = t.plusSeconds(60);
        }
        if (current != null) {
            Files.createSymbolicLink(d.resolve(service), d.resolve(service + "_" + current));
        }
    }

    /**
     * Writes a service's release history under {@code dir} as the symlink command does: each switch is
     * {@code "deploy FROM TO"} or {@code "rollback FROM TO"} with versions ({@code -} for no link before).
     */
    void history(String dir, String service, String... switches) throws IOException {
        Path d = root.resolve(dir);
        Files.createDirectories(d);
        StringBuilder out = new StringBuilder();
        Instant t = Instant.parse("2024-05-01T00:00:00Z");
        for (String sw : switches) {
            String[] f = sw.split(" ");
            String from = f[1].equals("-") ? "-" : d.resolve(service + "_" + f[1]).toString();
            out.append(t).append('\t').append(f[0]).append('\t').append(from).append('\t')
                    .append(d.resolve(service + "_" + f[2])).append('\t').append("ops@controller\n");
            t = t.plusSeconds(3600);
        }
        Files.writeString(d.resolve("." + service + ".history"), out.toString());
    }

    Tasklist generate(Config config) throws Exception {
        return generate(config, HostPool.localOnly());
    }

    /** Generates with the packages made so far, then checks the plan against the real command registry. */
    Tasklist generate(Config config, HostPool hosts) throws Exception {
        try (hosts) {
            Tasklist t = new TarballGenerator(this::urlFailure).generate(new GeneratorContext(config, packages, withStandIns(hosts)));
            if (!t.stages().isEmpty()) {
                validate(t);
            }
            return t;
        }
    }

    /** Every generated plan must pass the executor's validation against the real command library. */
    static void validate(Tasklist t) throws InvalidInputException {
        new Engine(CommandRegistry.load(), List.of()).validate(t, true);
    }

    /** SSH-named hosts run here: a real local shell under the SSH host's name, to plan for an SSH fleet offline. */
    static HostPool sshNamesRunLocally() {
        return new HostPool((address, user) -> new LocalHost(address.key()));
    }

    String json(Tasklist t) {
        return TasklistWriter.toJson(t).replace(root.toString(), "$ROOT");
    }

    /** The plan's stages alone, without the hosts it names as skipped at planning: what runs, and where. */
    String stagesJson(Tasklist t) {
        return json(new Tasklist(t.name(), t.stages()));
    }

    void assertGolden(Tasklist t, String name) throws IOException {
        String actual = json(t);
        Path source = GOLDEN_SOURCE.resolve(name + ".json");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(source.getParent());
            Files.writeString(source, actual);
        }
        assertThat(source).as("golden file (create it with -Dgolden.update=true, then review it)").exists();
        assertThat(actual).isEqualTo(Files.readString(source));
    }

}
