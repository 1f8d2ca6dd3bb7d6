package deployer.commands.files;

import deployer.core.spi.CommandResult.Outcome;
import deployer.core.spi.FailureReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static deployer.commands.CommandTester.command;
import static org.assertj.core.api.Assertions.assertThat;

/** unpack against archives made by the real tar, including hostile ones (GNU tar -P keeps '..' and '/'). */
class UnpackCommandTest {

    @TempDir
    Path dir;

    /** Runs tar in {@code cwd}; fails the test if tar fails. */
    private static void tar(Path cwd, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("tar"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("tar " + argv + ": " + out).isZero();
    }

    private Path release() throws Exception {
        Path src = Files.createDirectories(dir.resolve("build/web_1.0/bin"));
        Files.writeString(src.resolve("run"), "#!/bin/sh\necho hi\n");
        Files.writeString(src.resolve("a file -> with arrow"), "odd name");
        Files.createSymbolicLink(src.resolve("current"), Path.of("run"));
        Files.createSymbolicLink(dir.resolve("build/web_1.0/up"), Path.of("bin/.."));
        return dir.resolve("build");
    }

    @Test
    void extractsATarGzIncludingInnerSymlinks() throws Exception {
        Path build = release();
        Path archive = dir.resolve("web_1.0.tar.gz");
        tar(build, "-czf", archive.toString(), "web_1.0");
        Path dest = dir.resolve("unpacked/new dir");

        var run = command("unpack").arg("source", archive.toString()).arg("destination", dest.toString()).run();
        assertThat(run.result().outcome()).as(run.message()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(dest.resolve("web_1.0/bin/run")).hasContent("#!/bin/sh\necho hi");
        assertThat(dest.resolve("web_1.0/bin/a file -> with arrow")).hasContent("odd name");
        assertThat(Files.readSymbolicLink(dest.resolve("web_1.0/bin/current"))).isEqualTo(Path.of("run"));
    }

    @Test
    void extractsAPlainTarAndATgz() throws Exception {
        Path build = release();
        tar(build, "-cf", dir.resolve("a.tar").toString(), "web_1.0");
        tar(build, "-czf", dir.resolve("a.tgz").toString(), "web_1.0");
        for (String name : List.of("a.tar", "a.tgz")) {
            Path dest = dir.resolve("out-" + name);
            var run = command("unpack").arg("source", dir.resolve(name).toString()).arg("destination", dest.toString()).run();
            assertThat(run.result().outcome()).as(run.message()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(dest.resolve("web_1.0/bin/run")).exists();
        }
    }

    @Test
    void copiesAWarAsItIs() throws Exception {
        Path war = Files.write(dir.resolve("app.war"), new byte[]{'P', 'K', 3, 4});
        Path dest = dir.resolve("webapps");
        var run = command("unpack").arg("source", war.toString()).arg("destination", dest.toString()).run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(dest.resolve("app.war")).hasBinaryContent(new byte[]{'P', 'K', 3, 4});
    }

    @Test
    void refusesDotDotMembersBeforeExtractingAnything() throws Exception {
        Path work = Files.createDirectories(dir.resolve("w/inner"));
        Files.writeString(dir.resolve("w/evil.txt"), "evil");
        Files.writeString(work.resolve("good.txt"), "good");
        Path archive = dir.resolve("evil.tar.gz");
        tar(work, "-czPf", archive.toString(), "good.txt", "../evil.txt");
        assertRefused(archive, "../evil.txt: '..' in the path");
    }

    @Test
    void refusesAbsoluteMembers() throws Exception {
        Path f = Files.writeString(dir.resolve("abs.txt"), "abs");
        Path archive = dir.resolve("abs.tar");
        tar(dir, "-cPf", archive.toString(), f.toString());
        assertRefused(archive, f + ": absolute path");
    }

    @Test
    void refusesSymlinksPointingOutside() throws Exception {
        Path work = Files.createDirectories(dir.resolve("w"));
        Files.createDirectories(work.resolve("pkg/sub"));
        Files.createSymbolicLink(work.resolve("pkg/sub/escape"), Path.of("../../.."));
        Path archive = dir.resolve("link.tar.gz");
        tar(work, "-czf", archive.toString(), "pkg");
        assertRefused(archive, "pkg/sub/escape: links to ../../.., which is outside the destination");
    }

    private void assertRefused(Path archive, String why) throws Exception {
        Path dest = dir.resolve("dest");
        var run = command("unpack").arg("source", archive.toString()).arg("destination", dest.toString()).run();
        assertThat(run.result().reason()).isEqualTo(FailureReason.COMMAND_ERROR);
        assertThat(run.message()).contains("refusing to unpack " + archive, why);
        assertThat(dest).doesNotExist();
    }

    @Test
    void aMissingArchiveFailsWithTarsReason() throws Exception {
        Path missing = dir.resolve("missing.tar.gz");
        var run = command("unpack").arg("source", missing.toString()).arg("destination", dir.resolve("d").toString()).run();
        assertThat(run.result().reason()).isEqualTo(FailureReason.NON_ZERO_EXIT);
        assertThat(run.message()).contains("listing archive " + missing + " failed");
    }

    @Test
    void anUnknownArchiveTypeIsAValidationProblem() {
        assertThat(command("unpack").arg("source", "/tmp/web.zip").arg("destination", "/tmp/d").problems())
                .singleElement().asString().contains("'source'", ".tar.gz, .tgz, .tar or .war");
    }
}
