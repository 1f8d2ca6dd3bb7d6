package deployer.commands.files;

import deployer.core.spi.CommandResult.Outcome;
import deployer.core.spi.FailureReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

import static deployer.commands.CommandTester.command;
import static org.assertj.core.api.Assertions.assertThat;

class WriteFileAndSymlinkTest {

    private static final String PASSWORD = "s3cr3t-'quoted'-$(echo no)";

    @TempDir
    Path dir;

    @Test
    void writefileWritesPrivatelyByDefaultAndNeverLogsTheContents() throws Exception {
        Path f = dir.resolve("db.properties");
        String contents = "password=" + PASSWORD + "\nuser=app\n";
        var run = command("write_file").arg("path", f.toString()).arg("contents", contents).run();

        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(f).hasContent(contents);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(run.log().all()).doesNotContain(PASSWORD).isNotEmpty();
        assertThat(run.message()).doesNotContain(PASSWORD);
        assertThat(Files.list(dir)).as("no temporary file left").containsExactly(f);
    }

    @Test
    void writefileReplacesAnExistingFileWithTheGivenMode() throws Exception {
        Path f = Files.writeString(dir.resolve("app.conf"), "old contents that are longer than the new ones");
        var run = command("write_file").arg("path", f.toString()).arg("contents", "new").arg("mode", "0644").run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(f).hasContent("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r--r--");
    }

    @Test
    void writefileIntoAMissingDirectoryFails() throws Exception {
        Path f = dir.resolve("no/such/dir/f");
        var run = command("write_file").arg("path", f.toString()).arg("contents", PASSWORD).run();
        assertThat(run.result().isFailure()).isTrue();
        assertThat(run.message()).doesNotContain(PASSWORD);
    }

    @Test
    void writefileTakesAnEmptyFileButNotAMissingContents() {
        assertThat(command("write_file").arg("path", "/tmp/x").arg("contents", "").problems()).isEmpty();
        assertThat(command("write_file").arg("path", "/tmp/x").problems())
                .singleElement().asString().contains("'contents'");
    }

    @Test
    void symlinkCreatesThenSwitchesAndReportsTheOldTarget() throws Exception {
        Files.createDirectories(dir.resolve("web_1"));
        Files.createDirectories(dir.resolve("web_2"));
        Path link = dir.resolve("web");

        var created = command("symlink").arg("source", "web_1").arg("destination", link.toString()).run();
        assertThat(created.message()).contains("new link");
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("web_1"));

        // The old link points at a directory: a plain mv would move the new link into web_1 instead.
        var switched = command("symlink").arg("source", "web_2").arg("destination", link.toString()).run();
        assertThat(switched.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(switched.message()).contains("was web_1");
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("web_2"));
        assertThat(Files.list(dir.resolve("web_1"))).isEmpty();
        assertThat(Files.list(dir)).hasSize(3);
    }

    @Test
    void symlinkAlreadyRightIsLeftAlone() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("web"), Path.of("web_1"));
        Object before = Files.readAttributes(link, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();

        var run = command("symlink").arg("source", "web_1").arg("destination", link.toString()).run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.message()).contains("already points to web_1");
        assertThat(Files.readAttributes(link, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey()).isEqualTo(before);
    }

    @Test
    void symlinkNeverReplacesARealDirectory() throws Exception {
        Path real = Files.createDirectories(dir.resolve("web"));
        Files.writeString(real.resolve("data"), "precious");
        var run = command("symlink").arg("source", "web_1").arg("destination", real.toString()).run();
        assertThat(run.result().reason()).isEqualTo(FailureReason.NON_ZERO_EXIT);
        assertThat(run.message()).contains("exists and is not a symlink; refusing to replace it");
        assertThat(real.resolve("data")).hasContent("precious");
        assertThat(Files.list(dir)).containsExactly(real);
    }
}
