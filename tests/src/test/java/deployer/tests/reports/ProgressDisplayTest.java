package deployer.tests.reports;

import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.PtyProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live progress display, through a real pseudo-terminal: drawn in place when stderr is a terminal, with whole log
 * lines above it; without a terminal (pipes, or stderr to a file while stdin is a terminal) plain lines only, not one
 * control character, and a progress line now and then for a long stage.
 */
class ProgressDisplayTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String LOG_LINE = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} \\[\\w+ *\\] ";

    @TempDir
    Path work;

    @Test
    void onATerminalTheStatusLinesAreDrawnInPlaceAndLogLinesPrintWholeAboveThem() throws Exception {
        Path release = work.resolve("release");
        Path plan = plan(release);
        try (PtyProcess deploy = PtyProcess.start(PtyProcess.Output.TERMINAL, CliProcess.DEPLOY, work.resolve("cli"),
                "--tasklist", plan.toString(), "--journal", work.resolve("run.journal").toString())) {
            // local:b's task has ended and local:a's still waits: the screen ends in the status lines.
            deploy.await("the status lines with one task done", WAIT, () -> lastLines(deploy.transcript(), 2).size() == 2
                    && lastLines(deploy.transcript(), 2).get(0).matches(
                            "0:0\\d stage 1/2 work \\[########--------\\] 1 done, 1 running, 0 failed, 0 queued"));
            assertThat(lastLines(deploy.transcript(), 2).get(1)).isEqualTo("  busy: local:a");
            assertThat(deploy.transcript()).as("drawn with the terminal's control sequences").contains("\u001b[");
            Files.createFile(release);
            CliProcess.Result r = deploy.finish(WAIT);

            List<String> screen = TerminalScreen.of(r.stdout(), 1000).lines();
            assertThat(r.exitCode()).as(String.join("\n", screen)).isZero();
            // Each log line stands whole on the screen, above where the status was; the status lines are gone.
            assertThat(screen).anyMatch(l -> l.matches(LOG_LINE
                    + "\\[Executor       \\] \\[local:b\\] \\[\\*\\] Finished task 1\\.2 execute_command on local:b in \\d+\\.\\d s, changed"));
            assertThat(screen).anyMatch(l -> l.matches(LOG_LINE
                    + "\\[Executor       \\] \\[local:c\\] \\[\\*\\] Starting task 2\\.1 execute_command on local:c: run: true"));
            assertThat(screen).noneMatch(l -> l.contains("stage 1/2 work [") || l.contains("stage 2/2 after ["))
                    .noneMatch(l -> l.contains("busy:"));
            int recap = screen.indexOf("HOST RECAP");
            assertThat(recap).as(String.join("\n", screen)).isPositive();
            assertThat(screen.subList(0, recap)).as("before the recap only log lines, the summary and blank lines")
                    .allMatch(l -> l.isEmpty() || l.matches(LOG_LINE + ".*") || l.startsWith("Run progress: SUCCEEDED"));
        }
    }

    /** The last {@code n} lines the terminal shows now. */
    private static List<String> lastLines(String transcript, int n) {
        List<String> lines = TerminalScreen.of(transcript, 1000).lines();
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    @Test
    void withoutATerminalThereIsNoControlCharacterAndALongStageGetsPlainProgressLines() throws Exception {
        Path release = work.resolve("release");
        Path plan = plan(release);
        Process p = CliProcess.start(CliProcess.DEPLOY, work, Map.of("DEPLOYER_PROGRESS_INTERVAL", "0.3"), "--tasklist", plan.toString(),
                "--journal", work.resolve("run.journal").toString());
        CliProcess.Result r;
        try {
            Path err = work.resolve("cli.err");
            awaitFile("a progress line", () -> Files.exists(err) && Files.readString(err).contains("Progress: stage 1/2 work: 1 done, 1 running"));
        } finally {
            // Also on a failed wait: the waiting task ends, and with it the CLI.
            Files.createFile(release);
        }
        r = CliProcess.finish(p, work, WAIT);

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertNoControlCharacters(r);
        assertThat(r.stderr()).containsPattern(LOG_LINE
                + "\\[Progress       \\] \\[\\*\\] \\[\\*\\] Progress: stage 1/2 work: 1 done, 1 running, 0 failed, 0 queued \\(1/2 finished\\) after 0:0\\d; busy: local:a\\n");
        assertThat(r.stderr().lines()).allMatch(l -> l.matches(LOG_LINE + ".*"), "every stderr line is a log line");
        assertThat(r.stdout()).contains("HOST RECAP");
    }

    @Test
    void stdinOnATerminalButStderrToAFileIsNotATerminalDisplay() throws Exception {
        Path release = work.resolve("release");
        Files.createFile(release);
        try (PtyProcess deploy = PtyProcess.start(CliProcess.DEPLOY, work.resolve("cli"), "--tasklist", plan(release).toString(),
                "--journal", work.resolve("run.journal").toString())) {
            CliProcess.Result r = deploy.finish(WAIT);
            assertThat(r.exitCode()).as(r.all()).isZero();
            assertNoControlCharacters(r);
            assertThat(r.stderr()).contains("Finished stage: after");
            assertThat(r.stderr().lines()).allMatch(l -> l.matches(LOG_LINE + ".*"), "every stderr line is a log line");
        }
    }

    private static void assertNoControlCharacters(CliProcess.Result r) {
        for (String stream : List.of(r.stdout(), r.stderr())) {
            assertThat(stream.chars().filter(c -> c < 0x20 && c != '\n').count())
                    .as("control characters (ESC, CR, …) in:\n" + stream).isZero();
        }
    }

    /** Stage 1: a on local:a waits for {@code release}, b on local:b ends at once; stage 2: one quick task. */
    private Path plan(Path release) throws IOException {
        return SshPlans.tasklist(work.resolve("plan.json"), "progress", List.of(
                SshPlans.stage("work", 2, 1, List.of(
                        SshPlans.task("local:a", "until [ -e " + release + " ]; do sleep 0.05; done"),
                        SshPlans.task("local:b", "true"))),
                SshPlans.stage("after", 1, 1, List.of(SshPlans.task("local:c", "true")))));
    }

    private static void awaitFile(String what, PtyProcess.Check check) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
