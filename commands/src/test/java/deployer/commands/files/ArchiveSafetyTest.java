package deployer.commands.files;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveSafetyTest {

    private static ArchiveEntry file(String name) {
        return new ArchiveEntry(name, '-', null);
    }

    private static ArchiveEntry symlink(String name, String target) {
        return new ArchiveEntry(name, 'l', target);
    }

    private static ArchiveEntry hardlink(String name, String target) {
        return new ArchiveEntry(name, 'h', target);
    }

    @Test
    void ordinaryReleasesAreSafe() {
        assertThat(ArchiveSafety.problems(List.of(new ArchiveEntry("./web_1/", 'd', null), file("./web_1/bin/run"),
                symlink("web_1/current", "bin/run"), symlink("web_1/bin/up", "../lib"), hardlink("web_1/copy", "web_1/bin/run"))))
                .isEmpty();
    }

    @Test
    void absoluteAndDotDotNamesAreRefused() {
        assertThat(ArchiveSafety.problems(List.of(file("/etc/passwd"), file("a/../../b"), file("a/..b"))))
                .containsExactly("/etc/passwd: absolute path", "a/../../b: '..' in the path");
    }

    @Test
    void linksLeavingTheDestinationAreRefused() {
        assertThat(ArchiveSafety.problems(List.of(symlink("a/up", "../.."), symlink("abs", "/etc"),
                hardlink("h", "../x"), hardlink("h2", "/etc/shadow"))))
                .containsExactly("a/up: links to ../.., which is outside the destination",
                        "abs: links to the absolute path /etc",
                        "h: links to ../x, which is outside the destination",
                        "h2: links to the absolute path /etc/shadow");
    }

    @Test
    void linkChainsAreFollowedThroughTheArchivesOwnSymlinks() {
        // "b/.." looks harmless, but b is a link to the destination itself, so b/.. is its parent.
        assertThat(ArchiveSafety.problems(List.of(symlink("b", "."), symlink("c", "b/.."))))
                .containsExactly("c: links to b/.., which is outside the destination");
        assertThat(ArchiveSafety.problems(List.of(symlink("d/self", "."), symlink("d/e", "self/self/.."))))
                .isEmpty();
        assertThat(ArchiveSafety.problems(List.of(symlink("abs", "/tmp"), symlink("via", "abs/x"))))
                .contains("via: links to abs/x, through a symlink to the absolute path /tmp");
    }

    @Test
    void symlinkLoopsAreRefused() {
        assertThat(ArchiveSafety.problems(List.of(symlink("a", "b/x"), symlink("b", "a/y"))))
                .allSatisfy(p -> assertThat(p).contains("through more than 40 symlinks"));
    }

    @Test
    void listingsArePairedByPositionAndLinkTargetsCutAfterTheName() {
        List<ArchiveEntry> entries = ArchiveListing.parse(
                List.of("p/a -> b", "p/h"),
                List.of("lrwxrwxrwx root/root 0 2024-01-01 00:00 p/a -> b -> ../c",
                        "hrw-r--r-- root/root 0 2024-01-01 00:00 p/h link to p/a -> b"));
        assertThat(entries).containsExactly(symlink("p/a -> b", "../c"), hardlink("p/h", "p/a -> b"));
        assertThatThrownBy(() -> ArchiveListing.parse(List.of("a"), List.of())).hasMessageContaining("disagree");
    }
}
