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
import java.util.regex.Pattern;

import static deployer.tests.fixtures.Plans.shell;
import static deployer.tests.fixtures.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code deploy shell}: ls, cd, show, run of one task and tab completion, typed at a pty; the task runs on a real OpenSSH host. */
@Tag("sshd")
class PlanShellTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(1);

    @TempDir
    Path work;

    @Test
    void listsMovesShowsRunsOneTaskAndCompletes() throws Exception {
        Path dir = ssh.writableDir("shell");
        String host = ssh.host(0).remoteHost();
        Path plan = SshPlans.tasklist(work.resolve("plan.json"), "Shell plan", List.of(
                stage("prepare", 1, List.of(shell(host, "touch " + dir.resolve("one")), shell(host, "touch " + dir.resolve("two")))),
                stage("deploy", 1, List.of(shell(host, "touch " + dir.resolve("three"))))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ssh.clientConfigYaml());
        Path journal = work.resolve("shell.journal");

        try (PtyProcess shell = PtyProcess.start(PtyProcess.Output.TERMINAL, CliProcess.DEPLOY, work.resolve("cli"), "shell",
                "--config", config.toString(), "--tasklist", plan.toString(), "--journal", journal.toString())) {
            shell.await("the prompt", LIMIT, () -> shell.transcript().contains("deploy:/> "));

            shell.type("ls\r");
            shell.await("the stages", LIMIT, () -> shell.transcript().contains("1    prepare (2 tasks)")
                    && shell.transcript().contains("2    deploy (1 tasks)"));

            shell.type("cd 1\r");
            shell.type("ls\r");
            shell.await("the tasks of stage 1", LIMIT, () -> shell.transcript().contains("deploy:/1> ")
                    && shell.transcript().contains("1.2      execute_command on " + host));

            shell.type("show 1.2\r");
            shell.await("task 1.2", LIMIT, () -> shell.transcript().contains("Task 1.2: execute_command on " + host)
                    && shell.transcript().contains("shell: touch " + dir.resolve("two")));

            shell.type("run 1.1\r");
            shell.await("the run of task 1.1", LIMIT, () -> shell.transcript().contains("Run Shell plan task 1.1: SUCCEEDED"));
            assertThat(dir.resolve("one")).exists();
            assertThat(dir.resolve("two")).doesNotExist();
            assertThat(dir.resolve("three")).doesNotExist();
            assertThat(Files.readString(journal)).contains("\"event\":\"task_finished\",\"task\":\"1.1\"");

            // Tab completes "hos" to the only command it can be.
            shell.type("hos\t\r");
            Pattern hostsOfStage1 = Pattern.compile(Pattern.quote(host) + " +2 tasks");
            shell.await("the hosts of stage 1", LIMIT, () -> hostsOfStage1.matcher(shell.transcript()).find());

            shell.type("exit\r");
            CliProcess.Result r = shell.finish(LIMIT);
            assertThat(r.exitCode()).as(r.stdout()).isZero();
        }
        assertThat(work.resolve("deploy-shell.history")).content().contains("run 1.1", "hosts");
    }
    @Test
    void chainsAndTheirLinksAreAddressedByTheirIdsAndARunLinkKeepsItsId() throws Exception {
        Path dir = ssh.writableDir("shell-chain");
        String host = ssh.host(0).remoteHost();
        Path plan = SshPlans.tasklist(work.resolve("plan.json"), "Chain plan", List.of(
                stage("prepare", 1, List.of(shell(host, "touch " + dir.resolve("zero")))),
                stage("deploy", 1, List.of(List.of(shell(host, "touch " + dir.resolve("a")), shell(host, "touch " + dir.resolve("b")),
                        shell(host, "touch " + dir.resolve("c")))))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ssh.clientConfigYaml());
        Path journal = work.resolve("shell.journal");

        try (PtyProcess shell = PtyProcess.start(PtyProcess.Output.TERMINAL, CliProcess.DEPLOY, work.resolve("cli"), "shell",
                "--config", config.toString(), "--tasklist", plan.toString(), "--journal", journal.toString())) {
            shell.await("the prompt", LIMIT, () -> shell.transcript().contains("deploy:/> "));

            shell.type("ls 2\r");
            shell.await("the chain in stage 2", LIMIT, () -> shell.transcript().contains("2.1      chain of 3 tasks on " + host)
                    && shell.transcript().contains("2.1.3    execute_command on " + host));

            shell.type("cd 2.1\r");
            shell.type("ls\r");
            shell.await("the links of chain 2.1", LIMIT, () -> shell.transcript().contains("deploy:/2/2.1> ")
                    && shell.transcript().contains("2.1.2    execute_command on " + host));

            shell.type("show 2.1.3\r");
            shell.await("link 2.1.3", LIMIT, () -> shell.transcript().contains("Task 2.1.3: execute_command on " + host)
                    && shell.transcript().contains("shell: touch " + dir.resolve("c")));

            shell.type("show\r");
            shell.await("chain 2.1", LIMIT, () -> shell.transcript().contains("Chain 2.1: 3 tasks, run in order, on " + host));

            shell.type("cd 2.1.2\r");
            shell.await("the prompt at link 2.1.2", LIMIT, () -> shell.transcript().contains("deploy:/2/2.1/2.1.2> "));
            shell.type("cd ..\r");
            shell.await("back at the chain", LIMIT, () -> shell.transcript().lines().filter(l -> l.contains("deploy:/2/2.1> ")).count() >= 2);

            shell.type("run 2.1.2\r");
            shell.await("the run of link 2.1.2", LIMIT, () -> shell.transcript().contains("Run Chain plan task 2.1.2: SUCCEEDED"));
            assertThat(dir.resolve("b")).exists();
            assertThat(dir.resolve("a")).doesNotExist();
            assertThat(dir.resolve("c")).doesNotExist();
            assertThat(shell.transcript()).as("the log names the link by its id in the plan").contains("task 2.1.2 execute_command")
                    .doesNotContain("task 1.1 ");
            assertThat(Files.readString(journal)).contains("\"event\":\"task_finished\",\"task\":\"2.1.2\"");

            shell.type("run 2.1\r");
            shell.await("the run of chain 2.1", LIMIT, () -> shell.transcript().contains("Run Chain plan chain 2.1: SUCCEEDED"));
            assertThat(dir.resolve("a")).exists();
            assertThat(dir.resolve("c")).exists();
            assertThat(dir.resolve("zero")).doesNotExist();

            shell.type("exit\r");
            CliProcess.Result r = shell.finish(LIMIT);
            assertThat(r.exitCode()).as(r.stdout()).isZero();
        }
    }
}
