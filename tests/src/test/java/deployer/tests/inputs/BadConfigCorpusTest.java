package deployer.tests.inputs;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-config corpus (tests/src/test/resources/bad-configs): each file is a small variation of a valid config
 * (good-configs/base.yaml) with mistakes, and says in its first lines what the CLI must report —
 * {@code # expect: LINE:COL MESSAGE}, one line per problem. Each runs through the real CLI ({@code deploy-*} files
 * through deploy, the others through build-tasklist): exit 2, every problem at its file:line:column with its
 * message, no parser internals, no plan on stdout, and nothing run (start_command's marker file stays absent).
 */
class BadConfigCorpusTest {

    private static final Path CORPUS = CliProcess.projectRoot().resolve("tests/src/test/resources/bad-configs");
    private static final Path BASE = CliProcess.projectRoot().resolve("tests/src/test/resources/good-configs/base.yaml");
    private static final Path PACKAGE = CliProcess.projectRoot().resolve("conf/demo/packages/v1/demo-web_1f3a9c2-20240501120000.tar.gz");

    @TempDir
    Path work;

    private record Expectation(int line, int column, String message) {
    }

    @Test
    void theCorpusHasAtLeastFortyFiles() throws IOException {
        assertThat(corpus()).hasSizeGreaterThanOrEqualTo(40);
    }

    /** The marker means something: the valid config the corpus varies does run start_command. */
    @Test
    void theBaseConfigDeploysAndLeavesTheMarker() throws IOException {
        Path dir = prepare(BASE, work.resolve("base"));
        CliProcess.Result r = CliProcess.deploy(dir, "--config", "base.yaml");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(dir.resolve("ran")).exists();
    }

    @TestFactory
    Stream<DynamicTest> everyBadConfigIsRejectedWithItsLocationAndNothingRuns() throws IOException {
        return corpus().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
    }

    private void check(Path file) throws IOException {
        String name = file.getFileName().toString();
        List<Expectation> expected = expectations(file);
        assertThat(expected).as(name + " must say what it expects in '# expect: LINE:COL MESSAGE' lines").isNotEmpty();
        Path dir = prepare(file, work.resolve(name.replace(".yaml", "")));
        CliProcess.Result r = name.startsWith("deploy-")
                ? CliProcess.deploy(dir, "--config", name)
                : CliProcess.buildTasklist(dir, "--config", name);

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).as(r.all()).contains("invalid input, nothing was run (" + expected.size() + " problem"
                + (expected.size() == 1 ? "" : "s") + ")");
        List<String> lines = r.stderr().lines().map(String::strip).toList();
        for (Expectation e : expected) {
            String at = name + ":" + e.line() + ":" + e.column();
            assertThat(lines).as("stderr:\n" + r.stderr())
                    .anySatisfy(l -> assertThat(l).matches(x -> x.startsWith(at + " ") || x.startsWith(at + ": "), "starts with " + at)
                            .contains(e.message()));
        }
        assertThat(r.stderr()).doesNotContain("Exception", "Source:", "Feature", "com.fasterxml", "jackson");
        assertThat(r.stdout()).as("no plan, no 'Syntax ok' on stdout").isBlank();
        assertThat(dir.resolve("ran")).as("nothing may run").doesNotExist();
        assertThat(dir.resolve("hosts")).as("no host was touched").doesNotExist();
    }

    private static List<Path> corpus() throws IOException {
        try (Stream<Path> s = Files.list(CORPUS)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static List<Expectation> expectations(Path file) throws IOException {
        List<Expectation> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.startsWith("# expect: ")) {
                break;
            }
            String rest = line.substring("# expect: ".length());
            String[] pos = rest.substring(0, rest.indexOf(' ')).split(":");
            out.add(new Expectation(Integer.parseInt(pos[0]), Integer.parseInt(pos[1]), rest.substring(rest.indexOf(' ') + 1)));
        }
        return out;
    }

    /** The config in its own directory, {@code @WORK@} made that directory, with a package to deploy. */
    private static Path prepare(Path config, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("packages"));
        Files.copy(PACKAGE, dir.resolve("packages").resolve(PACKAGE.getFileName()));
        String text = Files.readString(config, StandardCharsets.UTF_8).replace("@WORK@", dir.toString());
        Files.writeString(dir.resolve(config.getFileName()), text, StandardCharsets.UTF_8);
        return dir;
    }
}
