package deployer.commands.files;

import deployer.core.spi.CommandResult.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static deployer.commands.CommandTester.command;
import static org.assertj.core.api.Assertions.assertThat;

class CleanupCommandTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @TempDir
    Path dir;

    /** A release directory whose modification time is {@code minute} minutes after T0. */
    private Path release(String name, int minute) throws Exception {
        Path p = Files.createDirectories(dir.resolve(name));
        Files.writeString(p.resolve("file"), name);
        Files.setLastModifiedTime(p, FileTime.from(T0.plusSeconds(60L * minute)));
        return p;
    }

    private String[] names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void keepsTheNewestByTimeNotByName() throws Exception {
        release("web_a", 5);
        release("web_b", 1);
        release("web_c", 4);
        release("web_d", 2);
        release("web_e", 3);
        Files.writeString(dir.resolve("other_1"), "not a match");

        var run = command("cleanup").arg("path", dir.toString()).arg("filespec", "web_*").arg("keepversions", 2).run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(names()).containsExactly("other_1", "web_a", "web_c");
        assertThat(run.message()).contains("removed web_e, web_d, web_b");
    }

    /** A release an automatic rollback left is not one of the N kept: v1 (rolled back to) stays with v3, v2 goes. */
    @Test
    void aFailedReleaseDoesNotCountTowardKeepVersions() throws Exception {
        release("web_1", 1);
        release("web_2", 2);
        release("web_3", 3);
        Path link = Files.createSymbolicLink(dir.resolve("web"), Path.of("web_3"));

        var run = command("cleanup").arg("path", dir.toString()).arg("filespec", "web_*").arg("keepversions", 2)
                .arg("current_link", link.toString()).arg("failed", List.of("web_2")).run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(names()).containsExactly("web", "web_1", "web_3");
        assertThat(run.message()).contains("removed web_2");
    }

    @Test
    void neverRemovesTheCurrentReleaseNorItsLinkEvenWhenOld() throws Exception {
        release("web_1", 1);
        release("web_2", 2);
        release("web_3", 3);
        release("web_4", 4);
        Path link = Files.createSymbolicLink(dir.resolve("web"), Path.of("web_1"));

        var run = command("cleanup").arg("path", dir.toString()).arg("filespec", "web*").arg("keepversions", 1)
                .arg("current_link", link.toString()).run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(names()).containsExactly("web", "web_1", "web_4");
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("web_1"));
    }

    @Test
    void aCurrentReleaseAmongTheNewestCountsAsOneOfThem() throws Exception {
        release("web_1", 1);
        release("web_2", 2);
        release("web_3", 3);
        Path link = Files.createSymbolicLink(dir.resolve("web"), Path.of("web_3"));
        command("cleanup").arg("path", dir.toString()).arg("filespec", "web_*").arg("keepversions", 2)
                .arg("current_link", link.toString()).run();
        assertThat(names()).containsExactly("web", "web_2", "web_3");
    }

    @Test
    void followsAnAbsoluteCurrentLinkToo() throws Exception {
        release("web_1", 1);
        release("web_2", 2);
        release("web_3", 3);
        Path link = Files.createSymbolicLink(dir.resolve("web"), dir.resolve("web_2/"));
        command("cleanup").arg("path", dir.toString()).arg("filespec", "web_*").arg("keepversions", 1)
                .arg("current_link", link.toString()).run();
        assertThat(names()).containsExactly("web", "web_2", "web_3");
    }

    @Test
    void neverRemovesAProtectedReleaseTheRollbackTarget() throws Exception {
        // The demo's sequence: v1, v2, rollback to v1, v3. The history's next rollback returns to v1, the oldest.
        release("web_1", 1);
        release("web_2", 2);
        release("web_3", 3);
        release("web_0", 0);
        Path link = Files.createSymbolicLink(dir.resolve("web"), Path.of("web_3"));
        var run = command("cleanup").arg("path", dir.toString()).arg("filespec", "web_*").arg("keepversions", 2)
                .arg("current_link", link.toString()).arg("protect", java.util.List.of("web_1")).run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(names()).containsExactly("web", "web_1", "web_2", "web_3");
        assertThat(run.message()).contains("removed web_0", "kept web_3, web_2, web_1");
    }

    @Test
    void aProtectedNameIsAFileNameNotAPath() {
        var run = command("cleanup").arg("path", dir.toString()).arg("filespec", "web_*")
                .arg("protect", java.util.List.of("../web_1", ""));
        assertThat(run.problems()).anySatisfy(p -> assertThat(p).contains("argument 'protect'", "'../web_1'"));
    }

    @Test
    void equalTimesAreOrderedByName() throws Exception {
        release("web_1", 7);
        release("web_2", 7);
        release("web_3", 7);
        command("cleanup").arg("path", dir.toString()).arg("filespec", "web_*").arg("keepversions", 2).run();
        // ls -t: newest first, equal times by name, so web_1 and web_2 come first and are kept.
        assertThat(names()).containsExactly("web_1", "web_2");
    }

    @Test
    void fewerMatchesThanKeptRemovesNothing() throws Exception {
        release("web_1", 1);
        var run = command("cleanup").arg("path", dir.toString()).arg("filespec", "web_*").run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.message()).contains("nothing to remove");
        assertThat(names()).containsExactly("web_1");
    }

    @Test
    void aFilespecIsAPatternNeverShellText() throws Exception {
        release("web_1", 1);
        release("web_2", 2);
        var run = command("cleanup").arg("path", dir.toString()).arg("filespec", "web_$(touch pwned)*")
                .arg("keepversions", 1).run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(names()).containsExactly("web_1", "web_2");
    }

    @Test
    void aCurrentLinkThatIsADirectoryFailsTheCleanup() throws Exception {
        release("web_1", 1);
        release("web_2", 2);
        Files.createDirectories(dir.resolve("web"));
        var run = command("cleanup").arg("path", dir.toString()).arg("filespec", "web_*").arg("keepversions", 1)
                .arg("current_link", dir.resolve("web").toString()).run();
        assertThat(run.result().isFailure()).isTrue();
        assertThat(run.message()).contains("is not a symlink");
        assertThat(names()).containsExactly("web", "web_1", "web_2");
    }

    @Test
    void badArgumentsAreReported() {
        assertThat(command("cleanup").arg("path", "/opt").arg("filespec", "a/b").problems())
                .singleElement().asString().contains("'filespec'");
        assertThat(command("cleanup").arg("path", "/opt").arg("filespec", "web_*").arg("keepversions", 0).problems())
                .singleElement().asString().contains("'keepversions'", "1 or more");
    }
}
