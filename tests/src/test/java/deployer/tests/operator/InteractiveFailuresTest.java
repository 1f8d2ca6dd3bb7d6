package deployer.tests.operator;

import deployer.tests.fixtures.Plans;
import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import deployer.core.testing.PtyProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static deployer.tests.fixtures.Plans.shell;
import static deployer.tests.fixtures.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interactive mode on a real OpenSSH host, the CLI on a pseudo-terminal: a failed task asks
 * {@code [r]etry / [s]kip / [a]bort}, and the journal keeps what the operator chose. Without a terminal nobody is asked.
 */
@Tag("sshd")
class InteractiveFailuresTest {

    private static final String PROMPT = "[r]etry / [s]kip / [a]bort? ";
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(1);

    @TempDir
    Path work;

    private Path dir;
    private Path journal;

    /** Stage 1 fails until the file ok exists; stage 2 notes that it ran. */
    private String[] args(String name) throws Exception {
        dir = ssh.writableDir(name);
        journal = work.resolve("run.journal");
        String host = ssh.host(0).remoteHost();
        Path plan = SshPlans.tasklist(work.resolve("plan.json"), "Interactive", List.of(
                stage("work", 1, List.of(shell(host, "[ -e " + dir.resolve("ok") + " ] || { echo not yet >&2; exit 5; }"))),
                stage("after", 1, List.of(shell(host, "touch " + dir.resolve("after"))))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ssh.clientConfigYaml());
        return new String[]{"--config", config.toString(), "--tasklist", plan.toString(), "--journal", journal.toString()};
    }

    private PtyProcess startAndAwaitPrompt(String name) throws Exception {
        PtyProcess deploy = PtyProcess.start(CliProcess.DEPLOY, work.resolve("cli"), args(name));
        deploy.await("the question", LIMIT, () -> deploy.stderr().contains(PROMPT));
        assertThat(deploy.stderr()).contains("Task 1.1 execute_command on " + ssh.host(0).remoteHost())
                .contains("NON_ZERO_EXIT").contains("  | not yet");
        return deploy;
    }

    @Test
    void retryRunsTheTaskAgainAndTheJournalSaysTheOperatorRetried() throws Exception {
        try (PtyProcess deploy = startAndAwaitPrompt("retry")) {
            Files.writeString(dir.resolve("ok"), "");
            deploy.type("r\n");
            CliProcess.Result r = deploy.finish(LIMIT);

            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(Files.readString(journal))
                    .containsPattern("\"event\":\"task_retrying\",\"task\":\"1.1\".*\\(retried by the operator\\)")
                    .containsPattern("\"event\":\"task_finished\",\"task\":\"1.1\".*\"status\":\"SUCCEEDED\"");
            assertThat(dir.resolve("after")).exists();
        }
    }

    @Test
    void skipEndsTheTaskSkippedAndTheRunGoesOn() throws Exception {
        try (PtyProcess deploy = startAndAwaitPrompt("skip")) {
            deploy.type("s\n");
            CliProcess.Result r = deploy.finish(LIMIT);

            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(r.stdout()).contains("(SUCCEEDED 1, SKIPPED 1)");
            assertThat(Files.readString(journal)).containsPattern("\"event\":\"task_finished\",\"task\":\"1.1\".*"
                    + "\"status\":\"SKIPPED\",\"reason\":\"NON_ZERO_EXIT\",\"message\":\"skipped by the operator after: ");
            assertThat(dir.resolve("after")).exists();
        }
    }

    @Test
    void abortStopsTheRunAndTheJournalSaysTheOperatorAborted() throws Exception {
        try (PtyProcess deploy = startAndAwaitPrompt("abort")) {
            deploy.type("a\n");
            CliProcess.Result r = deploy.finish(LIMIT);

            assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
            assertThat(Files.readString(journal))
                    .containsPattern("\"event\":\"task_finished\",\"task\":\"1.1\".*\"status\":\"FAILED\".*\\(aborted by the operator\\)")
                    .contains("\"event\":\"stage_skipped\",\"stage\":2,\"name\":\"after\",\"why\":\"an earlier stage failed"
                            + " (the operator aborted the run at task 1.1)\"");
            assertThat(dir.resolve("after")).doesNotExist();
        }
    }

    @Test
    void theLiveProgressDisplayStaysOffTheTerminalWhileTheQuestionWaits() throws Exception {
        // stderr on the terminal too: the live display runs and redraws every 250 ms.
        try (PtyProcess deploy = PtyProcess.start(PtyProcess.Output.TERMINAL, CliProcess.DEPLOY, work.resolve("cli"), args("display"))) {
            deploy.await("the question", LIMIT, () -> deploy.transcript().contains(PROMPT));
            assertThat(deploy.transcript()).as("the status line was drawn before the question").contains("stage 1/2");
            // Over a second of waiting for the answer, nothing at all is written after the question (a redraw writes
            // at least the clock's new digits and the cursor moves around them).
            Thread.sleep(1000);
            String screen = deploy.transcript();
            assertThat(screen.substring(screen.lastIndexOf(PROMPT) + PROMPT.length())).as("written after the question").isEmpty();
            deploy.type("s\n");
            CliProcess.Result r = deploy.finish(LIMIT);

            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(r.stdout()).contains("(SUCCEEDED 1, SKIPPED 1)");
        }
    }

    @Test
    void withoutATerminalNobodyIsAsked() throws Exception {
        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), args("no-tty"));

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.all()).doesNotContain("[r]etry");
        assertThat(r.stdout()).contains("FAILED  1.1 execute_command on " + ssh.host(0).remoteHost() + ": NON_ZERO_EXIT");
        assertThat(dir.resolve("after")).doesNotExist();
    }
}
