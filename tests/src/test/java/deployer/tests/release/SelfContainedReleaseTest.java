package deployer.tests.release;

import deployer.tests.fixtures.DemoHosts;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The self-contained release ({@code deployer-<version>-linux-x64.tar.gz}, dist/src/release/self-contained.sh): its
 * own jlink'ed runtime and AOT cache. Unpacked in a temporary folder and run with a PATH that has every tool of this
 * machine but {@code java} (and Maven): {@code --version} names the bundled runtime, the spec's example and the demo
 * run, and the AOT cache is what the classes come from. Only where the build made it (a JDK 25 or later on the build
 * machine); elsewhere every test is skipped and says why.
 */
class SelfContainedReleaseTest {

    private static final List<String> DEMO_HOSTS = List.of("127.0.0.131", "127.0.0.132", "127.0.0.133", "127.0.0.134");
    private static final int DEMO_PORT = 18097;

    @TempDir
    static Path shared;
    static SelfContainedRelease release;
    static Path install;
    static DemoHosts demo;

    @BeforeAll
    static void unpackTheReleaseAndAPathWithoutJava() throws Exception {
        release = SelfContainedRelease.unpack(shared);
        install = release.install();
        demo = new DemoHosts(shared.resolve("hosts"), DEMO_HOSTS, DEMO_PORT);
    }

    @AfterAll
    static void stopTheDemoAndRemoveTheToolLinks() throws Exception {
        if (demo != null) {
            demo.stopServices();
        }
        if (release != null) {
            release.removeToolLinks();
        }
    }

    @Test
    void thePathHasNoJava() throws Exception {
        CliProcess.Result r = run("sh", "-c", "command -v java || echo none");
        assertThat(r.stdout().strip()).isEqualTo("none");
    }

    @Test
    void versionNamesTheBundledRuntime() throws Exception {
        for (String script : List.of("deploy", "build-tasklist")) {
            CliProcess.Result r = run(install.resolve("bin").resolve(script).toString(), "--version");
            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(r.stdout()).startsWith(script + " " + System.getProperty("deployer.version") + " (commit ")
                    .matches("(?s).* on Java " + java.util.regex.Pattern.quote(runtimeVersion()) + "\\S* \\("
                            + java.util.regex.Pattern.quote(install.resolve("runtime").toString()) + "\\)\n");
            assertThat(r.stderr()).isEmpty();
        }
    }

    @Test
    void theSpecExampleRunsWithItsClassesFromTheAotCache() throws Exception {
        Path log = shared.resolve("class-load.log");
        CliProcess.Result r = runWith(Map.of("DEPLOYER_JAVA_OPTS", "-Xlog:class+load=info:file=" + log),
                install.resolve("bin/deploy").toString(), "--config", install.resolve("conf/test.yaml").toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("Run Test Generator: SUCCEEDED");
        assertThat(r.stderr()).contains("[TestCommand    ] [local] [*] Executing test command: Hello World / None");
        assertThat(Files.readAllLines(log)).as("the CLI's class came from the AOT cache")
                .anyMatch(l -> l.contains(" deployer.core.internal.cli.DeployCli source: shared objects file"));
    }

    @Test
    void theDemoRunsItsServiceOnTheBundledRuntime() throws Exception {
        Path root = shared.resolve("hosts");
        String yaml = Files.readString(install.resolve("conf/demo.yaml"))
                .replace("/tmp/deployer-demo", root.toString())
                .replace("127.0.0.10", "127.0.0.13")
                .replace("port: 18080", "port: " + DEMO_PORT)
                .replace("tarballs: demo/packages/v1", "tarballs: " + install.resolve("conf/demo/packages/v1"));
        Path config = Files.writeString(shared.resolve("demo.yaml"), yaml);

        CliProcess.Result r = run(install.resolve("bin/deploy").toString(), "--config", config.toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        for (String h : DEMO_HOSTS) {
            assertThat(demo.health(h)).isEqualTo("OK demo-web " + DemoHosts.V1 + " on " + h + ":" + DEMO_PORT + "\n");
        }
    }

    private static String runtimeVersion() throws IOException {
        for (String line : Files.readAllLines(install.resolve("runtime/release"))) {
            if (line.startsWith("JAVA_VERSION=")) {
                return line.substring("JAVA_VERSION=".length()).replace("\"", "");
            }
        }
        throw new AssertionError("no JAVA_VERSION in the runtime's release file");
    }

    private static CliProcess.Result run(String... cmd) throws Exception {
        return runWith(Map.of(), cmd);
    }

    private static CliProcess.Result runWith(Map<String, String> env, String... cmd) throws Exception {
        return release.run(env, cmd);
    }
}
