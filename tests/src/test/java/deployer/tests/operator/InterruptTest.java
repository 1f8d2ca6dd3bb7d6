package deployer.tests.operator;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C on a real deploy process: the first stops gracefully, the second aborts running commands. */
class InterruptTest {

    private static Path plan(Path work, String firstTaskShell) throws IOException {
        return Files.writeString(work.resolve("plan.json"), """
                {"name": "slow", "stages": [
                  {"name": "work", "concurrency": 1, "tasks": [
                    {"command": "execute_command", "remote_host": "local:a", "shell": "%s"},
                    {"command": "execute_command", "remote_host": "local:a", "shell": "touch %s"}
                  ]},
                  {"name": "after", "concurrency": 1, "tasks": [{"command": "execute_command", "shell": "touch %s"}]}
                ]}
                """.formatted(firstTaskShell, work.resolve("second"), work.resolve("third")));
    }

    private static void awaitFile(Path file) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.exists(file)) {
            assertThat(Instant.now()).as("waiting for " + file).isBefore(deadline);
            Thread.sleep(20);
        }
    }


    @Test
    void firstCtrlCLetsTheRunningTaskFinishAndStartsNothingNew(@TempDir Path work) throws Exception {
        Path started = work.resolve("started");
        Path release = work.resolve("release");
        Path finished = work.resolve("finished");
        // The first task waits for the test's go-ahead, so the signal surely arrives while it runs.
        Path plan = plan(work, "touch " + started + "; while [ ! -e " + release + " ]; do sleep 0.05; done; touch " + finished);
        Process p = CliProcess.start(CliProcess.DEPLOY, work, "--tasklist", plan.toString());
        awaitFile(started);
        CliProcess.interrupt(p);
        awaitFile(work.resolve("cli.err"));
        Instant deadline = Instant.now().plusSeconds(30);
        while (!Files.readString(work.resolve("cli.err")).contains("Interrupted: starting nothing new")) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(20);
        }
        Files.createFile(release);
        CliProcess.Result r = CliProcess.finish(p, work, Duration.ofSeconds(60));

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(finished).exists();
        assertThat(work.resolve("second")).doesNotExist();
        assertThat(work.resolve("third")).doesNotExist();
        assertThat(r.stdout()).contains("Run slow: STOPPED").contains("NOT_RUN 1.2 execute_command on local:a").contains("NOT_RUN 2.1");
    }

    @Test
    void secondCtrlCAbortsTheRunningCommand(@TempDir Path work) throws Exception {
        Path started = work.resolve("started");
        Path plan = plan(work, "touch " + started + "; sleep 120");
        Process p = CliProcess.start(CliProcess.DEPLOY, work, "--tasklist", plan.toString());
        awaitFile(started);
        CliProcess.interrupt(p);
        Instant deadline = Instant.now().plusSeconds(30);
        while (!Files.readString(work.resolve("cli.err")).contains("Interrupted: starting nothing new")) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(20);
        }
        CliProcess.interrupt(p);
        CliProcess.Result r = CliProcess.finish(p, work, Duration.ofSeconds(60));

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).contains("FAILED  1.1 execute_command on local:a: INTERRUPTED");
        assertThat(work.resolve("second")).doesNotExist();
    }
}
