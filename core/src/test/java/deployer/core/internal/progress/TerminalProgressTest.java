package deployer.core.internal.progress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check before JLine's: a descriptor whose /proc link names a pipe, socket or plain file is no terminal; a device or
 * an unreadable link is left to JLine (the display on a real terminal is checked by ProgressDisplayTest, on a pty).
 */
class TerminalProgressTest {

    @TempDir
    Path dir;

    private Path link(String name, String target) throws IOException {
        return Files.createSymbolicLink(dir.resolve(name), Path.of(target));
    }

    @Test
    void pipesSocketsAndFilesAreSurelyNoTerminal() throws IOException {
        assertThat(TerminalProgress.surelyNotATerminal(link("pipe", "pipe:[4242]"))).isTrue();
        assertThat(TerminalProgress.surelyNotATerminal(link("socket", "socket:[4243]"))).isTrue();
        assertThat(TerminalProgress.surelyNotATerminal(link("file", "/var/log/deploy.log"))).isTrue();
    }

    @Test
    void devicesAndUnknownLinksAreLeftToJline() throws IOException {
        assertThat(TerminalProgress.surelyNotATerminal(link("pts", "/dev/pts/3"))).isFalse();
        assertThat(TerminalProgress.surelyNotATerminal(link("null", "/dev/null"))).isFalse();
        assertThat(TerminalProgress.surelyNotATerminal(dir.resolve("missing"))).isFalse();
        assertThat(TerminalProgress.surelyNotATerminal(Files.createFile(dir.resolve("not-a-link")))).isFalse();
    }
}
