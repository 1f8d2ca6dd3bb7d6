package deployer.generators.tarball;

import deployer.core.config.Config;
import deployer.core.config.ConfigLoader;
import deployer.core.exec.CommandRegistry;
import deployer.core.exec.Executor;
import deployer.core.exec.HostPool;
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

    TarballFixture(Path root) {
        this.root = root;
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
            Tasklist t = new TarballGenerator().generate(new GeneratorContext(config, packages, hosts));
            if (!t.stages().isEmpty()) {
                validate(t);
            }
            return t;
        }
    }

    /** Every generated plan must pass the executor's validation against the real command library. */
    static void validate(Tasklist t) throws InvalidInputException {
        new Executor(CommandRegistry.load(), List.of()).validate(t, true);
    }

    /** SSH-named hosts run here: a real local shell under the SSH host's name, to plan for an SSH fleet offline. */
    static HostPool sshNamesRunLocally() {
        return new HostPool((address, user) -> new LocalHost(address.key()));
    }

    String json(Tasklist t) {
        return TasklistWriter.toJson(t).replace(root.toString(), "$ROOT");
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
