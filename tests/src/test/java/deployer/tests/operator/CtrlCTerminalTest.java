package deployer.tests.operator;

import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.Procs;
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
 * Ctrl-C as a user at a terminal presses it: the deploy CLI runs as the foreground process group of a real
 * pseudo-terminal, and the test types the interrupt character, so the kernel signals the whole group (unlike
 * {@code kill -INT PID}, see {@link InterruptTest}). Local commands must not be in that group.
 */
class CtrlCTerminalTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void oneCtrlCLetsTheRunningLocalCommandsFinishListsThemAndStartsNothingNew() throws Exception {
        Path release = work.resolve("release");
        Path plan = plan("until [ -e " + release + " ]; do sleep 0.05; done; touch " + work.resolve("a.done"),
                "until [ -e " + release + " ]; do sleep 0.05; done; touch " + work.resolve("b.done"));
        try (PtyProcess deploy = PtyProcess.start(CliProcess.DEPLOY, work.resolve("cli"), "--tasklist", plan.toString())) {
            long a = awaitPid(deploy, "a", 1);
            long b = awaitPid(deploy, "b", 1);
            for (long command : List.of(a, b)) {
                Procs.Proc p = Procs.of(command).orElseThrow();
                assertThat(p.pgid()).as("the command leads its own process group").isEqualTo(command);
                assertThat(p.sid()).as("the command leads its own session, away from the terminal").isEqualTo(command)
                        .isNotEqualTo(deploy.pid());
            }

            deploy.pressCtrlC();
            deploy.await("the waited-on tasks to be listed", WAIT, () -> deploy.stderr().contains("waiting for local:b 1.2"));
            assertThat(deploy.stderr())
                    .contains("Interrupted: starting nothing new; waiting for 2 running tasks to finish (Ctrl-C again to abort them):")
                    .containsPattern("waiting for local:a 1\\.1 execute_command, running for \\d+\\.\\d s")
                    .containsPattern("waiting for local:b 1\\.2 execute_command, running for \\d+\\.\\d s");
            assertThat(Procs.of(a)).as("the terminal's SIGINT did not reach the command").isPresent();
            assertThat(Procs.of(b)).as("the terminal's SIGINT did not reach the command").isPresent();
            Files.createFile(release);
            CliProcess.Result r = deploy.finish(WAIT);

            assertThat(deploy.transcript()).as("the interrupt went through the terminal").contains("^C");
            assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
            assertThat(r.stdout()).as(r.all())
                    .contains("Run ctrl-c: STOPPED in").contains("NOT_RUN 2", "SUCCEEDED 2").doesNotContain("FAILED")
                    .contains("stopped on request")
                    .contains("NOT_RUN 1.3 execute_command on local:a").contains("NOT_RUN 2.1 execute_command on local:c");
            assertThat(work.resolve("a.done")).exists();
            assertThat(work.resolve("b.done")).exists();
            assertThat(work.resolve("third")).doesNotExist();
            assertThat(work.resolve("after")).doesNotExist();
        }
    }

    @Test
    void twoCtrlCsAbortTheRunningLocalCommandsAndLeaveNoProcessOfTheirGroups() throws Exception {
        // b's shell and its children ignore TERM: they only go with the KILL after the grace period.
        Path plan = plan("sleep 300 & sleep 300", "trap '' TERM; sleep 300 & sleep 300");
        try (PtyProcess deploy = PtyProcess.start(CliProcess.DEPLOY, work.resolve("cli"), "--tasklist", plan.toString())) {
            long a = awaitPid(deploy, "a", 3);
            long b = awaitPid(deploy, "b", 3);

            deploy.pressCtrlC();
            deploy.await("the first Ctrl-C to be noticed", WAIT, () -> deploy.stderr().contains("waiting for local:b 1.2"));
            deploy.pressCtrlC();
            CliProcess.Result r = deploy.finish(WAIT);

            assertThat(deploy.transcript()).contains("^C^C");
            assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
            assertThat(r.stderr()).contains("Interrupted again: aborting 2 running tasks and closing connections")
                    .contains("aborting local:a 1.1 execute_command").contains("aborting local:b 1.2 execute_command");
            assertThat(r.stdout()).as(r.all())
                    .contains("Run ctrl-c: ABORTED in").contains("aborted on request")
                    .contains("FAILED  1.1 execute_command on local:a: INTERRUPTED")
                    .contains("FAILED  1.2 execute_command on local:b: INTERRUPTED")
                    .contains("NOT_RUN 1.3 execute_command on local:a").contains("NOT_RUN 2.1");
            assertThat(Procs.inGroup(a)).as("left of a's process group").isEmpty();
            assertThat(Procs.inGroup(b)).as("left of b's process group (ignores TERM)").isEmpty();
            assertThat(Procs.inSession(deploy.pid())).as("left in the terminal's session").isEmpty();
            assertThat(work.resolve("third")).doesNotExist();
        }
    }

    @Test
    void oneCtrlCLetsAHealthCheckUnderWayKeepWaitingAndItsChainFinish() throws Exception {
        // A host's procedure: its health check polls until the service is up, then the host goes back into service.
        Path up = work.resolve("up");
        Path plan = SshPlans.tasklist(work.resolve("plan.json"), "chain", List.of(SshPlans.stage("deploy", 1, 1, List.of(
                List.of(Map.of("command", "check_service", "remote_host", "local:web1", "servicename", "web",
                                "check_command", "touch " + work.resolve("polling") + "; test -e " + up, "check_timeout", 120, "interval", 0.1),
                        SshPlans.task("local:web1", "touch " + work.resolve("back-in-service"))),
                SshPlans.task("local:web2", "touch " + work.resolve("web2"))))));
        try (PtyProcess deploy = PtyProcess.start(CliProcess.DEPLOY, work.resolve("cli"), "--tasklist", plan.toString())) {
            deploy.await("the health check to poll", WAIT, () -> Files.exists(work.resolve("polling")));
            deploy.pressCtrlC();
            deploy.await("the first Ctrl-C to be noticed", WAIT, () -> deploy.stderr().contains("waiting for local:web1 1.1.1 check_service"));
            Files.delete(work.resolve("polling"));
            deploy.await("the health check to go on polling", WAIT, () -> Files.exists(work.resolve("polling")));
            Files.createFile(up);
            CliProcess.Result r = deploy.finish(WAIT);

            assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
            assertThat(r.stdout()).as(r.all()).contains("Run chain: STOPPED in").contains("SUCCEEDED 2")
                    .contains("NOT_RUN 1.2 execute_command on local:web2").doesNotContain("FAILED");
            assertThat(work.resolve("back-in-service")).as("the chain under way ran to its end").exists();
        }
    }

    /** Stage 1 runs a on local:a and b on local:b at once, then 1.3 on local:a; stage 2 one task. Each shell writes its pid first. */
    private Path plan(String a, String b) throws IOException {
        return SshPlans.tasklist(work.resolve("plan.json"), "ctrl-c", List.of(
                SshPlans.stage("work", 2, 1, List.of(
                        SshPlans.task("local:a", "echo $$ > " + work.resolve("a.pid") + "; " + a),
                        SshPlans.task("local:b", "echo $$ > " + work.resolve("b.pid") + "; " + b),
                        SshPlans.task("local:a", "touch " + work.resolve("third")))),
                SshPlans.stage("after", 1, 1, List.of(SshPlans.task("local:c", "touch " + work.resolve("after"))))));
    }

    /** Waits until the task's shell wrote its pid and its group has at least {@code processes} members. */
    private long awaitPid(PtyProcess deploy, String task, int processes) throws Exception {
        Path file = work.resolve(task + ".pid");
        deploy.await("task " + task + " to start", WAIT, () -> Files.exists(file) && Files.readString(file).endsWith("\n")
                && Procs.inGroup(Long.parseLong(Files.readString(file).trim())).size() >= processes);
        return Long.parseLong(Files.readString(file).trim());
    }
}
