package deployer.tests.docs;

import deployer.tests.architecture.fixture.core.a.A;
import deployer.tests.fixtures.DemoHosts;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/getting-started.md as a newcomer follows it: every line of each block the guide marks
 * ({@value #MARKER}, the line before a {@code ```sh} fence) is run by {@code sh}, as written, one after the other,
 * in a copy of the checkout's top folder, and must exit 0 — or the code its comment names, "(exit N)".
 *
 * <p>What differs from a fresh clone, and why: {@code conf/} is a copy with the demo moved out of the way of a demo
 * the user may be running (its root folder into this test's directory, its hosts from 127.0.0.10x to 127.0.0.14x,
 * its port from 18080 to 18084, as {@link TarballDemoEndToEndTest} does), and the command lines get the same
 * substitutions; {@code bin/deploy} and {@code bin/build-tasklist} are two-line scripts that run the same main
 * classes on the test's class path, where the real launchers would first build the jars with Maven. Each line's
 * output is written to {@code tests/target/getting-started-transcript.txt}, for whoever edits the guide.
 */
class GettingStartedGuideTest {

    static final String MARKER = "<!-- GettingStartedGuideTest: runs every line of this block -->";
    static final List<String> HOSTS = List.of("127.0.0.141", "127.0.0.142", "127.0.0.143", "127.0.0.144");
    static final int PORT = 18084;
    private static final Pattern EXPECTED_EXIT = Pattern.compile("#.*\\(exit (\\d+)\\)");
    private static final Path ROOT = CliProcess.projectRoot();

    @TempDir
    Path work;
    private DemoHosts demo;

    /** One command line of the guide and where it is written. */
    record Step(int line, String command, int expectedExit) {
    }

    @Test
    void everyMarkedCommandOfTheGuideWorksAsWritten() throws Exception {
        List<Step> steps = steps(ROOT.resolve("docs/getting-started.md"));
        assertThat(steps).as("marked command lines in docs/getting-started.md").hasSizeGreaterThanOrEqualTo(10);

        Path hostsRoot = work.resolve("hosts");
        demo = new DemoHosts(hostsRoot, HOSTS, PORT);
        Path checkout = checkout(hostsRoot);
        Path transcript = ROOT.resolve("tests/target/getting-started-transcript.txt");
        Files.createDirectories(transcript.getParent());
        StringBuilder log = new StringBuilder();
        for (Step step : steps) {
            String command = redirect(step.command(), hostsRoot);
            Path out = work.resolve("out"), err = work.resolve("err");
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).directory(checkout.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().keySet().removeAll(List.of("SSH_AUTH_SOCK", "DEPLOYER_SSH_PASSPHRASE", "DEPLOYER_SUDO_PASSWORD",
                    "DEPLOYER_SECRETS_KEY", "DEPLOYER_SECRETS_PASSPHRASE", "DEPLOYER_JAVA_OPTS", "CI"));
            pb.environment().put("HOME", Files.createDirectories(work.resolve("home")).toString());
            pb.environment().put("XDG_STATE_HOME", work.resolve("state").toString());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process p = pb.start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            int exit = p.isAlive() ? -1 : p.exitValue();
            String stdout = Files.readString(out, StandardCharsets.UTF_8), stderr = Files.readString(err, StandardCharsets.UTF_8);
            log.append("$ ").append(step.command()).append("\n(exit ").append(exit).append(")\n--- stdout\n").append(stdout)
                    .append("--- stderr\n").append(stderr).append("\n");
            Files.writeString(transcript, log, StandardCharsets.UTF_8);
            assertThat(exit)
                    .as("docs/getting-started.md:%d `%s` (run as `%s`) exited %d, expected %d; stdout:%n%s%nstderr:%n%s",
                            step.line(), step.command(), command, exit, step.expectedExit(), stdout, stderr)
                    .isEqualTo(step.expectedExit());
        }
    }

    /** The README's tour promises that the guide's test runs each of its lines: every one must be a line of the guide. */
    @Test
    void everyLineOfTheReadmeTourIsRunByTheGuide() throws IOException {
        List<String> guide = steps(ROOT.resolve("docs/getting-started.md")).stream().map(s -> withoutComment(s.command())).toList();
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int tour = readme.indexOf("## A five-minute tour");
        assertThat(tour).as("README.md has a section '## A five-minute tour'").isNotNegative();
        int start = readme.indexOf("```sh\n", tour) + "```sh\n".length();
        List<String> lines = readme.substring(start, readme.indexOf("```", start)).lines()
                .map(GettingStartedGuideTest::withoutComment).filter(l -> !l.isEmpty()).toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(5);
        assertThat(guide).as("command lines of docs/getting-started.md's marked blocks").containsAll(lines);
    }

    private static String withoutComment(String line) {
        int hash = line.indexOf(" #");
        return (hash < 0 ? line : line.substring(0, hash)).trim();
    }

    @AfterEach
    void stopTheDemoServices() throws Exception {
        if (demo != null) {
            demo.stopServices();
        }
    }

    /** The marked blocks' command lines: every line but blank ones and comments. */
    static List<Step> steps(Path guide) throws IOException {
        List<String> lines = Files.readAllLines(guide, StandardCharsets.UTF_8);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).trim().equals(MARKER)) {
                continue;
            }
            assertThat(lines.get(i + 1)).as("docs/getting-started.md:%d: the marker must be followed by a ```sh fence", i + 2).isEqualTo("```sh");
            for (int j = i + 2; !lines.get(j).startsWith("```"); j++) {
                String line = lines.get(j).trim();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    Matcher m = EXPECTED_EXIT.matcher(line);
                    steps.add(new Step(j + 1, line, m.find() ? Integer.parseInt(m.group(1)) : 0));
                }
            }
        }
        return steps;
    }

    /** The demo's root folder, hosts and port moved to this test's (in the config copy and in the command lines). */
    private static String redirect(String text, Path hostsRoot) {
        return text.replace("/tmp/deployer-demo", hostsRoot.toString())
                .replace("127.0.0.10", "127.0.0.14")
                .replace("18080", Integer.toString(PORT));
    }

    /** A copy of the checkout's top folder as far as the guide uses it: conf/ (redirected) and bin/. */
    private Path checkout(Path hostsRoot) throws IOException {
        Path checkout = work.resolve("deployer");
        Path conf = ROOT.resolve("conf");
        try (Stream<Path> files = Files.walk(conf)) {
            for (Path f : files.toList()) {
                Path copy = checkout.resolve("conf").resolve(conf.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(f, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        for (String file : List.of("conf/demo.yaml", "conf/demo/stop-demo.sh")) {
            Path copy = checkout.resolve(file);
            Files.writeString(copy, redirect(Files.readString(copy), hostsRoot));
            assertThat(Files.readString(copy)).doesNotContain("/tmp/deployer-demo", "127.0.0.10", "18080");
        }
        Path bin = Files.createDirectories(checkout.resolve("bin"));
        Path home = Files.createDirectories(work.resolve("cli-home"));
        launcher(bin.resolve("deploy"), CliProcess.command(CliProcess.DEPLOY, home));
        launcher(bin.resolve("build-tasklist"), CliProcess.command(CliProcess.BUILD_TASKLIST, home));
        return checkout;
    }

    private static void launcher(Path script, List<String> javaCommand) throws IOException {
        String cmd = javaCommand.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        Files.writeString(script, "#!/bin/sh\nexec " + cmd + " \"$@\"\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
    }
}
