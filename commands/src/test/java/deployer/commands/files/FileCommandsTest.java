package deployer.commands.files;

import deployer.core.spi.CommandResult.Outcome;
import deployer.core.spi.FailureReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static deployer.commands.CommandTester.command;
import static org.assertj.core.api.Assertions.assertThat;

/** create_directory, copy_file, move_file, remove_file and upload on a real local host. */
class FileCommandsTest {

    @TempDir
    Path dir;

    @Test
    void createdirectoryMakesParentsAndSetsTheMode() throws Exception {
        Path d = dir.resolve("a/b c/d");
        var run = command("create_directory").arg("path", d.toString()).arg("mode", "0750").run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(d).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).isEqualTo("rwxr-x---");
    }

    @Test
    void createdirectoryKeepsContentsUnlessClobber() throws Exception {
        Path d = Files.createDirectories(dir.resolve("d"));
        Files.writeString(d.resolve("keep"), "x");
        assertThat(command("create_directory").arg("path", d.toString()).run().result().isFailure()).isFalse();
        assertThat(d.resolve("keep")).exists();

        Files.writeString(d.resolve(".hidden"), "x");
        Files.createDirectories(d.resolve("sub/deeper"));
        var run = command("create_directory").arg("path", d.toString()).arg("clobber", true).run();
        assertThat(run.result().isFailure()).isFalse();
        assertThat(d).isDirectory().isEmptyDirectory();
    }

    @Test
    void createdirectoryFailsOnAFileAndSaysSo() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        var run = command("create_directory").arg("path", f.toString()).run();
        assertThat(run.result().reason()).isEqualTo(FailureReason.NON_ZERO_EXIT);
        assertThat(run.message()).contains("creating directory " + f, "exists and is not a directory");
    }

    @Test
    void createdirectoryRejectsBadModesAndClobberingRoot() {
        assertThat(command("create_directory").arg("path", "/tmp/x").arg("mode", "rwx").problems())
                .singleElement().asString().contains("'mode'", "octal");
        assertThat(command("create_directory").arg("path", "/").arg("clobber", true).problems())
                .singleElement().asString().contains("'path'", "refusing");
        assertThat(command("create_directory").arg("path", "-rf").problems())
                .singleElement().asString().contains("'path'", "starts with '-'");
    }

    @Test
    void copyfileCopiesATreeAndRefusesAnExistingDestination() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "A");
        Files.createSymbolicLink(src.resolve("link"), Path.of("a.txt"));
        Path dst = dir.resolve("dst");

        assertThat(command("copy_file").arg("source", src.toString()).arg("destination", dst.toString()).run()
                .result().isFailure()).isFalse();
        assertThat(dst.resolve("a.txt")).hasContent("A");
        assertThat(Files.readSymbolicLink(dst.resolve("link"))).isEqualTo(Path.of("a.txt"));
        assertThat(src.resolve("a.txt")).exists();

        var again = command("copy_file").arg("source", src.toString()).arg("destination", dst.toString()).run();
        assertThat(again.result().reason()).isEqualTo(FailureReason.NON_ZERO_EXIT);
        assertThat(again.message()).contains("exists; set clobber to replace it");
    }

    @Test
    void copyfileWithClobberReplacesADirectoryRatherThanCopyingIntoIt() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("new"), "new");
        Path dst = Files.createDirectories(dir.resolve("dst"));
        Files.writeString(dst.resolve("old"), "old");

        var run = command("copy_file").arg("source", src.toString()).arg("destination", dst.toString()).arg("clobber", true).run();
        assertThat(run.result().isFailure()).isFalse();
        assertThat(dst.resolve("new")).hasContent("new");
        assertThat(dst.resolve("old")).doesNotExist();
        assertThat(dst.resolve("src")).doesNotExist();
    }

    @Test
    void movefileRenamesAndClobbersOnlyWhenAsked() throws Exception {
        Path a = Files.writeString(dir.resolve("a"), "A");
        Path b = Files.writeString(dir.resolve("b"), "B");
        var refused = command("move_file").arg("source", a.toString()).arg("destination", b.toString()).run();
        assertThat(refused.result().isFailure()).isTrue();
        assertThat(b).hasContent("B");
        assertThat(a).exists();

        var moved = command("move_file").arg("source", a.toString()).arg("destination", b.toString()).arg("clobber", true).run();
        assertThat(moved.result().isFailure()).isFalse();
        assertThat(b).hasContent("A");
        assertThat(a).doesNotExist();
    }

    @Test
    void movefileFailsForAMissingSourceSayingWhich() throws Exception {
        Path missing = dir.resolve("nope");
        var run = command("move_file").arg("source", missing.toString()).arg("destination", dir.resolve("x").toString()).run();
        assertThat(run.result().reason()).isEqualTo(FailureReason.NON_ZERO_EXIT);
        assertThat(run.message()).contains("source " + missing + " does not exist");
    }

    @Test
    void transferRejectsTheSamePathTwice() {
        assertThat(command("copy_file").arg("source", "/tmp/a").arg("destination", "/tmp/a").problems())
                .singleElement().asString().contains("same path");
    }

    @Test
    void removefileRemovesAFileAndVerifies() throws Exception {
        Path f = Files.writeString(dir.resolve("it's here"), "x");
        var run = command("remove_file").arg("path", f.toString()).run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.message()).isEqualTo("removed " + f);
        assertThat(f).doesNotExist();
    }

    @Test
    void removefileOfAnAbsentPathSucceedsAndSaysSo() throws Exception {
        var run = command("remove_file").arg("path", dir.resolve("gone").toString()).run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.message()).contains("already absent");
    }

    @Test
    void removefileNeedsRecursiveForADirectory() throws Exception {
        Path d = Files.createDirectories(dir.resolve("d/e"));
        var refused = command("remove_file").arg("path", dir.resolve("d").toString()).run();
        assertThat(refused.result().isFailure()).isTrue();
        assertThat(refused.message()).contains("is a directory; set recursive");
        assertThat(d).exists();

        var removed = command("remove_file").arg("path", dir.resolve("d").toString()).arg("recursive", true).run();
        assertThat(removed.result().isFailure()).isFalse();
        assertThat(dir.resolve("d")).doesNotExist();
    }

    @Test
    void removefileReportsAFileThatCouldNotBeRemoved() throws Exception {
        // procfs files cannot be unlinked, not even by root: a real rm failure on any Linux test machine.
        var run = command("remove_file").arg("path", "/proc/version").run();
        assertThat(run.result().reason()).isEqualTo(FailureReason.NON_ZERO_EXIT);
        assertThat(run.message()).contains("removing /proc/version failed");
        assertThat(Path.of("/proc/version")).exists();
    }

    @Test
    void removefileRefusesRoot() {
        assertThat(command("remove_file").arg("path", "/").arg("recursive", true).problems())
                .singleElement().asString().contains("refusing");
    }

    @Test
    void uploadCopiesIntoTheDestinationDirectoryCreatingIt() throws Exception {
        Path local = Files.write(dir.resolve("web_1.0.tar.gz"), new byte[70_000]);
        Path remote = dir.resolve("remote/incoming");
        var run = command("upload").arg("source", local.toString()).arg("destination", remote.toString()).run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(remote.resolve("web_1.0.tar.gz")).hasSize(70_000);
        assertThat(run.message()).contains("70000 bytes");
    }

    @Test
    void uploadOfAMissingLocalFileFailsNamingIt() throws Exception {
        Path missing = dir.resolve("no_such.tar.gz");
        var run = command("upload").arg("source", missing.toString()).arg("destination", dir.toString()).run();
        assertThat(run.result().reason()).isEqualTo(FailureReason.COMMAND_ERROR);
        assertThat(run.message()).contains(missing.toString(), "does not exist");
    }
}
