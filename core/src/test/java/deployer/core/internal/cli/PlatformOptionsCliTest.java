package deployer.core.internal.cli;

import deployer.core.config.ConfigKey;
import deployer.core.config.MapSchema;
import deployer.core.config.ValueType;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Tasklist;
import deployer.core.spi.Generator;
import deployer.core.spi.GeneratorContext;
import deployer.core.spi.PlatformOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A platform's own options, declared by its generator: parsed, shown in {@code --help} and handed to the generator as
 * the config key they set; a config of another platform refuses them. Two generators of this test are installed the
 * way a plug-in's jar is (a {@code META-INF/services} file on the class path), and the CLI runs in this JVM.
 */
class PlatformOptionsCliTest {

    /** {@code platform: canary}: {@code --canary-percent N} sets {@code canary_percent}, which names the (empty) plan. */
    public static final class CanaryGenerator implements Generator {
        static final ConfigKey PERCENT = ConfigKey.optional("canary_percent", ValueType.whole(1, 100), "hosts that get it first, in percent");
        static final ConfigKey HOSTS = ConfigKey.optional("canary_hosts", ValueType.strings(), "the hosts that get it first");

        @Override
        public String platform() {
            return "canary";
        }

        @Override
        public MapSchema configSchema() {
            return MapSchema.of(PERCENT, HOSTS);
        }

        @Override
        public List<PlatformOption> commandLineOptions() {
            return List.of(PlatformOption.value("canary-percent", "N", PERCENT, "deploy to N percent of the hosts first"),
                    PlatformOption.value("canary-hosts", "HOST…", HOSTS, "deploy to these hosts first"));
        }

        @Override
        public Tasklist generate(GeneratorContext context) throws InvalidInputException {
            return new Tasklist("canary at " + context.config().integer("canary_percent").map(String::valueOf).orElse("none")
                    + " on " + context.config().strings("canary_hosts"), List.of());
        }
    }

    /** {@code platform: plain}: no options of its own. */
    public static final class PlainGenerator implements Generator {
        @Override
        public String platform() {
            return "plain";
        }

        @Override
        public Tasklist generate(GeneratorContext context) {
            return new Tasklist("plain", List.of());
        }
    }

    @TempDir
    Path dir;
    /** Sees the generators' services file; made the context class loader (where ServiceLoader looks) around each run. */
    private ClassLoader plugins;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void installTheGenerators() throws IOException {
        Path services = Files.createDirectories(dir.resolve("classes/META-INF/services"));
        Files.writeString(services.resolve(Generator.class.getName()),
                CanaryGenerator.class.getName() + "\n" + PlainGenerator.class.getName() + "\n");
        plugins = new URLClassLoader(new java.net.URL[]{dir.resolve("classes").toUri().toURL()}, getClass().getClassLoader());
    }

    private int buildTasklist(String... args) {
        return run(CliTable.BUILD_TASKLIST, args);
    }

    private int run(CliTable table, String... args) {
        // The suite's timeout may run a test on a thread of its own: set the loader where the CLI runs.
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(plugins);
        try {
            return table.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    private String config(String platform) throws IOException {
        return Files.writeString(dir.resolve(platform + ".yaml"), "platform: " + platform + "\n").toString();
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aPlatformsOptionReachesItsGeneratorAsTheConfigKeyItSets() throws IOException {
        assertThat(buildTasklist("--config", config("canary"), "--canary-percent", "10")).as(stderr()).isZero();
        assertThat(stderr()).contains("Nothing to deploy: canary at 10 on [] has no stages");
    }

    /** A key of a list of strings takes every word up to the next option, as --hosts a b did before it was the platform's. */
    @Test
    void aListOptionTakesEveryWordUpToTheNextOption() throws IOException {
        assertThat(buildTasklist("--config", config("canary"), "--canary-hosts", "a", "b", "--canary-percent", "5")).as(stderr()).isZero();
        assertThat(stderr()).contains("Nothing to deploy: canary at 5 on [a, b] has no stages");
    }

    @Test
    void aPlatformsOptionIsCheckedAgainstTheTypeOfItsKey() throws IOException {
        assertThat(buildTasklist("--config", config("canary"), "--canary-percent", "200")).isEqualTo(2);
        assertThat(stderr()).contains("--canary-percent: expected a whole number from 1 to 100, got '200'", "Try 'build-tasklist --help'");
    }

    @Test
    void helpWithoutAConfigListsEveryInstalledPlatformsOptions() {
        assertThat(buildTasklist("--help")).isZero();
        assertThat(stdout()).contains("Options of platform canary (when the config names it):", "--canary-percent <N>",
                "deploy to N percent of the hosts first", "Platform plain takes no options of its own here.");
    }

    /** Core's options and each platform's are separate tables: their descriptions still start in one column. */
    @Test
    void helpLinesUpTheDescriptionsOfCoreAndPlatformOptions() throws IOException {
        for (String[] line : List.of(new String[] {"--help"}, new String[] {"--help", "--config", config("canary")})) {
            out.reset();
            assertThat(buildTasklist(line)).isZero();
            java.util.regex.Matcher option = java.util.regex.Pattern
                    .compile("^  (?:-\\w,|   )--[a-z-]+(?: <[^>]+>)? +(?=\\S)", java.util.regex.Pattern.MULTILINE).matcher(stdout());
            java.util.Set<Integer> columns = new java.util.TreeSet<>();
            int lines = 0;
            while (option.find()) {
                columns.add(option.end() - option.start());
                lines++;
            }
            assertThat(lines).as(stdout()).isGreaterThan(10);
            assertThat(columns).as(stdout()).hasSize(1);
        }
    }

    @Test
    void helpWithAConfigListsItsPlatformsOptionsOnly() throws IOException {
        assertThat(buildTasklist("--help", "--config", config("plain"))).isZero();
        assertThat(stdout()).contains("--config", "Platform plain takes no options of its own here.")
                .doesNotContain("canary");
        out.reset();
        assertThat(buildTasklist("--config", config("canary"), "--help")).isZero();
        assertThat(stdout()).contains("Options of platform canary:", "--canary-percent <N>").doesNotContain("Platform plain");
    }

    @Test
    void anOptionOfAnotherPlatformIsAUsageErrorNamingIt() throws IOException {
        assertThat(buildTasklist("--config", config("plain"), "--canary-percent", "10")).isEqualTo(2);
        assertThat(stderr()).contains("--canary-percent is an option of platform canary, not of platform 'plain'",
                "Try 'build-tasklist --help'").doesNotContain("Nothing to deploy");
    }

    @Test
    void anOptionNoPlatformHasStaysUnrecognized() throws IOException {
        assertThat(buildTasklist("--config", config("canary"), "--canary-percnt", "10")).isEqualTo(2);
        assertThat(stderr()).contains("Unrecognized option: --canary-percnt");
    }

    @Test
    void coreSubCommandsTakeOnlyTheOptionsOfTheirUse() throws IOException {
        // deploy run asks the generator for hosts only (AD_HOC): an option of planning is no option of it.
        int exit = run(CliTable.DEPLOY, "run", "--config", config("canary"), "--canary-percent", "10", "--", "true");
        assertThat(exit).isEqualTo(2);
        assertThat(stderr()).contains("Unrecognized option: --canary-percent");
    }
}
