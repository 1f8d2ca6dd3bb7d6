package deployer.tests.reports;

import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.PtyProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recap at the end of a run on stdout (per host ok / changed / failed / unreachable / skipped / not run and time,
 * per stage how it ended and took, the failures with their last stderr lines, run id, journal and log), through the
 * real CLI on local hosts: on success, on failure and after a Ctrl-C at a terminal. And the per-task log lines.
 */
class RecapTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String COUNTS = "%s\\s+: ok=%d\\s+changed=%d\\s+failed=%d\\s+unreachable=%d\\s+skipped=%d\\s+not_run=%d\\s+(\\d+\\.\\d s|-)";

    @TempDir
    Path work;

    @Test
    void aSuccessfulRunEndsInARecapPerHostAndStageWithTheRunsPaths() throws Exception {
        Path dir = work.resolve("made");
        Path plan = SshPlans.tasklist(work.resolve("plan.json"), "recap", List.of(
                SshPlans.stage("prepare", 2, 1, List.of(
                        task("local:a", "create_directory", Map.of("path", dir.toString())),
                        task("local:b", "remove_file", Map.of("path", work.resolve("absent").toString())))),
                SshPlans.stage("check", 2, 1, List.of(
                        task("local:a", "create_directory", Map.of("path", dir.toString())),
                        task("local:b", "test_command", Map.of("message", "hello"))))));
        Path logs = work.resolve("logs");
        CliProcess.Result r = CliProcess.deploy(work, "--tasklist", plan.toString(), "--journal", work.resolve("run.journal").toString(),
                "--logdir", logs.toString(), "-v");

        assertThat(r.exitCode()).as(r.all()).isZero();
        List<String> out = r.stdout().lines().toList();
        assertThat(out.get(0)).as(r.stdout()).startsWith("Run recap: SUCCEEDED in");
        assertThat(out).as(r.stdout()).containsSubsequence("HOST RECAP", "STAGES").last().asString().startsWith("Run id: ");
        // A directory made is a change, the same directory found there already is not; nor is a file already absent.
        assertThat(r.stdout()).containsPattern("\n  " + String.format(COUNTS, "local:a", 2, 1, 0, 0, 0, 0) + "\n")
                .containsPattern("\n  " + String.format(COUNTS, "local:b", 2, 0, 0, 0, 0, 0) + "\n")
                .containsPattern("\n   1 prepare\\s+ok in \\d+\\.\\d s \\(2 tasks\\)\n")
                .containsPattern("\n   2 check\\s+ok in \\d+\\.\\d s \\(2 tasks\\)\n");
        String idLine = out.stream().filter(l -> l.startsWith("Run id: ")).findFirst().orElseThrow();
        assertThat(idLine).matches("Run id: \\S+ · journal: " + java.util.regex.Pattern.quote(work.resolve("run.journal").toString())
                + " · log: " + java.util.regex.Pattern.quote(logs.toString()) + "/deploy_\\d{8}T\\d{6}Z-[0-9a-f]{4}\\.log");
        assertThat(Path.of(idLine.substring(idLine.indexOf(" · log: ") + " · log: ".length()))).exists();
        // One INFO line per task start (what it does, in words) and end (how long, whether it changed the host).
        assertThat(r.stderr())
                .contains("[INFO    ] [Executor       ] [local:a] [*] Starting task 1.1 create_directory on local:a: create the directory " + dir + "\n")
                .containsPattern("\\[INFO    \\] \\[Executor       \\] \\[local:a\\] \\[\\*\\] Finished task 1\\.1 create_directory on local:a in \\d+\\.\\d s, changed: directory \\S+ created\n")
                .containsPattern("\\[INFO    \\] \\[Executor       \\] \\[local:b\\] \\[\\*\\] Finished task 1\\.2 remove_file on local:b in \\d+\\.\\d s: \\S+ was already absent\n")
                // What the helper script printed is at DEBUG (-v), under the command's whole logger name, never cut.
                .contains("[DEBUG   ] [RemoveFileCommand] [local:b] [*] stdout: absent\n")
                .doesNotContain("[RemoveFileComma]");
        assertThat(r.stderr().lines().filter(l -> l.contains("[INFO ")))
                .as("at INFO only sentences, no raw helper output").noneMatch(l -> l.endsWith("] absent"));
    }

    @Test
    void aFailedRunRecapsTheFailureWithItsReasonAndLastStderrLinesAndWhatDidNotRun() throws Exception {
        Path plan = SshPlans.tasklist(work.resolve("plan.json"), "recap", List.of(
                SshPlans.stage("deploy", 1, 1, List.of(
                        SshPlans.task("local:a", "echo first >&2; echo second >&2; echo 'last words' >&2; exit 4"),
                        SshPlans.task("local:b", "true"))),
                SshPlans.stage("after", 1, 1, List.of(SshPlans.task("local:c", "true")))));
        CliProcess.Result r = CliProcess.deploy(work, "--tasklist", plan.toString(), "--journal", work.resolve("run.journal").toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).as(r.all())
                .contains("  FAILED  1.1 execute_command on local:a: NON_ZERO_EXIT: ")
                .contains("          | first\n          | second\n          | last words\n")
                .containsPattern("\n  " + String.format(COUNTS, "local:a", 0, 0, 1, 0, 0, 0) + "\n")
                .containsPattern("\n  " + String.format(COUNTS, "local:b", 0, 0, 0, 0, 0, 1) + "\n")
                .containsPattern("\n  " + String.format(COUNTS, "local:c", 0, 0, 0, 0, 0, 1) + "\n")
                .containsPattern("\n   1 deploy\\s+FAILED in \\d+\\.\\d s \\(1 of 2 tasks failed, 1 not run\\)\n")
                .contains("\n   2 after        not run: an earlier stage failed (task 1.1 failed)\n")
                .contains("Run id: ").contains(" · journal: " + work.resolve("run.journal"))
                .contains("Resume with: deploy --tasklist " + plan + " --resume " + work.resolve("run.journal"));
        assertThat(r.stdout().indexOf("HOST RECAP")).as("the recap comes after the failures").isGreaterThan(r.stdout().indexOf("| last words"));
    }

    @Test
    void aCtrlCAtATerminalStillEndsInTheRecap() throws Exception {
        Path release = work.resolve("release");
        Path plan = SshPlans.tasklist(work.resolve("plan.json"), "recap", List.of(
                SshPlans.stage("work", 2, 1, List.of(
                        SshPlans.task("local:a", "touch " + work.resolve("started") + "; until [ -e " + release + " ]; do sleep 0.05; done"),
                        SshPlans.task("local:a", "true"))),
                SshPlans.stage("after", 1, 1, List.of(SshPlans.task("local:c", "true")))));
        try (PtyProcess deploy = PtyProcess.start(CliProcess.DEPLOY, work.resolve("cli"), "--tasklist", plan.toString(),
                "--journal", work.resolve("run.journal").toString())) {
            deploy.await("the first task to start", WAIT, () -> Files.exists(work.resolve("started")));
            deploy.pressCtrlC();
            deploy.await("the Ctrl-C to be noticed", WAIT, () -> deploy.stderr().contains("waiting for local:a 1.1"));
            Files.createFile(release);
            CliProcess.Result r = deploy.finish(WAIT);

            assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
            assertThat(r.stdout()).as(r.all())
                    .contains("Run recap: STOPPED in").contains("HOST RECAP")
                    .containsPattern("\n  " + String.format(COUNTS, "local:a", 1, 1, 0, 0, 0, 1) + "\n")
                    .containsPattern("\n  " + String.format(COUNTS, "local:c", 0, 0, 0, 0, 0, 1) + "\n")
                    .containsPattern("\n   1 work\\s+incomplete in \\d+\\.\\d s \\(1 of 2 not run\\)\n")
                    .contains("\n   2 after        not run: the run was stopped\n")
                    .contains(" · journal: " + work.resolve("run.journal"));
        }
    }

    private static Map<String, Object> task(String host, String command, Map<String, Object> args) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("command", command);
        t.put("remote_host", host);
        t.putAll(args);
        return t;
    }
}
