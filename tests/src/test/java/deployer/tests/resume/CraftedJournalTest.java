package deployer.tests.resume;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --resume} of a journal nobody's deployer wrote (crafted, damaged, not text): one located line, exit 2,
 * nothing run, never a Java stack trace or a decoder's words.
 */
class CraftedJournalTest {

    private static final String START = "{\"event\":\"run_started\",\"journal_version\":1,\"run_id\":\"%s\",\"tasklist\":\"p\","
            + "\"tasklist_sha256\":\"00\"}\n";

    private static Path plan(Path dir) throws IOException {
        return Files.writeString(dir.resolve("plan.json"), """
                {"name": "p", "stages": [{"name": "s", "concurrency": 1, "tasks": [
                  {"command": "execute_command", "shell": "touch %s/ran"}]}]}
                """.formatted(dir));
    }

    private static CliProcess.Result resume(Path dir, Path journal) throws IOException {
        return CliProcess.deploy(dir, "--tasklist", plan(dir).toString(), "--resume", journal.toString());
    }

    /** Exit 2, one located line on stderr saying what was expected, nothing run, no Java in sight. */
    private static void refusedInOneLine(Path dir, CliProcess.Result r, String where, String... says) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).as(r.all()).doesNotContain("Exception", "\tat ", "java.", "Input length");
        assertThat(r.stderr().lines().filter(l -> l.startsWith("deploy: "))).as(r.all()).hasSize(1);
        String line = r.stderr().lines().filter(l -> l.startsWith("deploy: ")).findFirst().orElseThrow();
        assertThat(line).contains(where).contains(says).endsWith("nothing was run");
        assertThat(dir.resolve("ran")).doesNotExist();
    }

    @Test
    void aRunIdWithShellCharactersIsRefusedAtItsLine(@TempDir Path dir) throws IOException {
        Path journal = Files.writeString(dir.resolve("run.journal"), START.formatted("x; touch /tmp/pwned-$(id -u)"));
        CliProcess.Result r = resume(dir, journal);
        refusedInOneLine(dir, r, journal + ":1", "run_id", "letters, digits");
        assertThat(r.stderr()).as("the crafted value is not echoed raw into a message").doesNotContain("$(id -u)");
    }

    @Test
    void aRunStartedLineWithoutARunIdIsRefused(@TempDir Path dir) throws IOException {
        Path journal = Files.writeString(dir.resolve("run.journal"),
                "{\"event\":\"run_started\",\"journal_version\":1,\"tasklist_sha256\":\"00\"}\n");
        refusedInOneLine(dir, resume(dir, journal), journal + ":1", "run_id");
    }

    @Test
    void aBinaryJournalIsNamedAsSuch(@TempDir Path dir) throws IOException {
        byte[] garbage = new byte[512];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 37 + 0x80);
        }
        Path journal = Files.write(dir.resolve("run.journal"), garbage);
        refusedInOneLine(dir, resume(dir, journal), journal.toString(), "not a journal", "binary");
    }

    @Test
    void binaryBytesAfterAGoodLineAreLocated(@TempDir Path dir) throws IOException {
        Path journal = dir.resolve("run.journal");
        Files.writeString(journal, START.formatted("20261127T132713Z-4f9a"));
        Files.write(journal, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, '\n', '{', '}', '\n'}, java.nio.file.StandardOpenOption.APPEND);
        refusedInOneLine(dir, resume(dir, journal), journal + ":2", "not text");
    }

    @Test
    void aLineCutShortInTheMiddleIsLocated(@TempDir Path dir) throws IOException {
        Path journal = Files.writeString(dir.resolve("run.journal"), START.formatted("20261127T132713Z-4f9a")
                + "{\"event\":\"task_started\",\"ta\n"
                + "{\"event\":\"task_finished\",\"task\":\"1.1\",\"status\":\"FAILED\"}\n");
        refusedInOneLine(dir, resume(dir, journal), journal + ":2", "expected one JSON object per line");
    }

    @Test
    void aLineThatIsNotAnObjectIsLocated(@TempDir Path dir) throws IOException {
        Path journal = Files.writeString(dir.resolve("run.journal"), START.formatted("20261127T132713Z-4f9a")
                + "[1, 2]\n" + "{\"event\":\"run_finished\"}\n");
        refusedInOneLine(dir, resume(dir, journal), journal + ":2", "JSON object");
    }

    @Test
    void aBadTaskIdIsLocated(@TempDir Path dir) throws IOException {
        Path journal = Files.writeString(dir.resolve("run.journal"), START.formatted("20261127T132713Z-4f9a")
                + "{\"event\":\"task_finished\",\"task\":\"1.x\\u001b[2J\",\"status\":\"FAILED\"}\n");
        CliProcess.Result r = resume(dir, journal);
        refusedInOneLine(dir, r, journal + ":2", "task id");
        assertThat(r.stderr()).doesNotContain("\u001b");
    }
}
