package deployer.core.internal.host.ssh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where key passphrases come from, and that a person is asked at most once per key per run. */
class PassphrasesTest {

    @TempDir
    Path dir;

    @Test
    void thePromptIsAskedOncePerKey() {
        List<Path> asked = new ArrayList<>();
        Passphrases p = new Passphrases(null, null, key -> {
            asked.add(key);
            return "typed".toCharArray();
        });
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");

        assertThat(p.finder(a).reqPassword(null)).containsExactly("typed".toCharArray());
        assertThat(p.finder(a).reqPassword(null)).containsExactly("typed".toCharArray());
        assertThat(p.finder(b).reqPassword(null)).containsExactly("typed".toCharArray());

        assertThat(asked).containsExactly(a, b);
    }

    @Test
    void theEnvironmentWinsOverTheFileWhichWinsOverThePrompt() throws Exception {
        Path file = Files.writeString(dir.resolve("pass"), "from file\nsecond line ignored\n");
        Passphrases.Prompt never = key -> {
            throw new AssertionError("nobody should be asked");
        };

        assertThat(Passphrases.from(Map.of(Passphrases.ENV, "from env"), file, never).finder(file).reqPassword(null))
                .containsExactly("from env".toCharArray());
        assertThat(Passphrases.from(Map.of(), file, never).finder(file).reqPassword(null))
                .containsExactly("from file".toCharArray());
    }

    @Test
    void withNoSourceTheFinderRecordsThatThePassphraseIsMissing() {
        Passphrases.Finder f = new Passphrases(null, null, key -> null).finder(dir.resolve("k"));
        assertThat(f.missing()).isFalse();

        assertThat(f.reqPassword(null)).isNull();

        assertThat(f.missing()).isTrue();
        assertThat(f.tried()).isFalse();
    }
}
