package deployer.tests.resume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deployer.core.testing.CliProcess;
import deployer.core.testing.PtyProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal and {@code --resume} through the real CLI: a failed run goes on where it stopped, a plan changed since
 * is refused unless resumed anyway (--resume-anyway), and a task the deployer died in is run again only when it is safe to.
 */
class ResumeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Three stages on local hosts; each task appends a line to its own file, so a rerun shows. */
    private static String plan(Path dir, String secondTaskExtra) {
        return """
                {"name": "resumable", "stages": [
                  {"name": "prepare", "concurrency": 2, "tasks": [
                    {"command": "execute_command", "remote_host": "local:a", "shell": "echo a >> %1$s/count-a"}]},
                  {"name": "flaky", "concurrency": 2, "tasks": [
                    {"command": "execute_command", "remote_host": "local:b", "shell": "%2$s"%3$s}]},
                  {"name": "finish", "concurrency": 2, "tasks": [
                    {"command": "execute_command", "remote_host": "local:a", "shell": "echo c >> %1$s/count-c"}]}
                ]}
                """.formatted(dir, "[ -f " + dir + "/flag ] && echo b >> " + dir + "/count-b", secondTaskExtra);
    }

    private static long lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    private static List<JsonNode> journal(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void aFailedRunResumesWhereItStoppedAndDoneTasksAreNotRunAgain(@TempDir Path dir) throws IOException {
        Path plan = Files.writeString(dir.resolve("plan.json"), plan(dir, ""));
        Path journal = dir.resolve("run.journal");

        CliProcess.Result first = CliProcess.deploy(dir, "--tasklist", plan.toString(), "--journal", journal.toString());
        assertThat(first.exitCode()).as(first.all()).isEqualTo(1);
        assertThat(first.stdout()).contains("journal: " + journal, "Resume with: deploy --tasklist " + plan + " --resume " + journal);
        // Every task of the plan has its end in the journal, the one never run too.
        List<JsonNode> lines = journal(journal);
        assertThat(lines.get(0).path("event").asText()).isEqualTo("run_started");
        assertThat(lines.get(0).path("journal_version").asInt()).isEqualTo(1);
        assertThat(lines).filteredOn(l -> l.path("event").asText().equals("task_finished"))
                .extracting(l -> l.path("task").asText() + " " + l.path("status").asText())
                .containsExactly("1.1 SUCCEEDED", "2.1 FAILED", "3.1 NOT_RUN");
        assertThat(lines).filteredOn(l -> l.path("event").asText().equals("stage_skipped")).hasSize(1);
        String runId = lines.get(0).path("run_id").asText();

        Files.writeString(dir.resolve("flag"), "");
        CliProcess.Result resumed = CliProcess.deploy(dir, "--tasklist", plan.toString(), "--resume", journal.toString());
        assertThat(resumed.exitCode()).as(resumed.all()).isZero();
        assertThat(resumed.stdout()).contains("ALREADY_DONE 1", "SUCCEEDED 2");
        assertThat(resumed.stderr()).contains("Run " + runId + ": deploy", "resuming from " + journal);
        assertThat(lines(dir.resolve("count-a"))).as("done before: not run again").isEqualTo(1);
        assertThat(lines(dir.resolve("count-b"))).isEqualTo(1);
        assertThat(lines(dir.resolve("count-c"))).isEqualTo(1);
        // The resumed run appended to the same journal, under the same run id.
        assertThat(journal(journal)).filteredOn(l -> l.path("event").asText().equals("run_started"))
                .extracting(l -> l.path("run_id").asText()).containsExactly(runId, runId);

        CliProcess.Result again = CliProcess.deploy(dir, "--tasklist", plan.toString(), "--resume", journal.toString());
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.stdout()).contains("ALREADY_DONE 3");
        assertThat(lines(dir.resolve("count-a")) + lines(dir.resolve("count-b")) + lines(dir.resolve("count-c"))).isEqualTo(3);
    }

    @Test
    void aPlanChangedSinceItsJournalIsRefusedUnlessResumedAnyway(@TempDir Path dir) throws IOException {
        Path plan = Files.writeString(dir.resolve("plan.json"), plan(dir, ""));
        Path journal = dir.resolve("run.journal");
        assertThat(CliProcess.deploy(dir, "--tasklist", plan.toString(), "--journal", journal.toString()).exitCode()).isEqualTo(1);

        Files.writeString(plan, plan(dir, "").replace("echo c", "echo C"));
        CliProcess.Result refused = CliProcess.deploy(dir, "--tasklist", plan.toString(), "--resume", journal.toString());
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(2);
        assertThat(refused.stderr()).contains("the journal is of another plan", "--resume-anyway");
        assertThat(lines(dir.resolve("count-c"))).as("nothing ran").isZero();

        Files.writeString(dir.resolve("flag"), "");
        CliProcess.Result forced = CliProcess.deploy(dir, "--tasklist", plan.toString(), "--resume", journal.toString(), "--resume-anyway");
        assertThat(forced.exitCode()).as(forced.all()).isZero();
        assertThat(lines(dir.resolve("count-a"))).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("count-c"))).isEqualTo("C\n");
    }

    @Test
    void forceWithResumeIsAUsageErrorNamingTheResumeFlag(@TempDir Path dir) throws IOException {
        Path plan = Files.writeString(dir.resolve("plan.json"), plan(dir, ""));
        Path journal = dir.resolve("run.journal");
        assertThat(CliProcess.deploy(dir, "--tasklist", plan.toString(), "--journal", journal.toString()).exitCode()).isEqualTo(1);

        CliProcess.Result r = CliProcess.deploy(dir, "--tasklist", plan.toString(), "--resume", journal.toString(), "--force");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("--force", "--resume-anyway", "Try 'deploy --help'");
        assertThat(lines(dir.resolve("count-c"))).as("nothing ran").isZero();

        CliProcess.Result alone = CliProcess.deploy(dir, "--tasklist", plan.toString(), "--resume-anyway");
        assertThat(alone.exitCode()).as(alone.all()).isEqualTo(2);
        assertThat(alone.stderr()).contains("--resume-anyway", "--resume JOURNAL");
    }

    @Test
    void aTaskTheDeployerDiedInIsRunAgainOnlyWhenItIsIdempotentOrResumedAnyway(@TempDir Path dir) throws Exception {
        for (boolean idempotent : List.of(false, true)) {
            Path work = Files.createDirectories(dir.resolve(idempotent ? "idempotent" : "plain"));
            // The second stage's task marks that it started, then takes long enough for the deployer to be killed.
            String slow = "touch " + work + "/started; sleep 2; echo b >> " + work + "/count-b";
            Path plan = Files.writeString(work.resolve("plan.json"), plan(work, "")
                    .replace("[ -f " + work + "/flag ] && echo b >> " + work + "/count-b", slow)
                    .replace("\"shell\": \"" + slow + "\"", "\"shell\": \"" + slow + "\"" + (idempotent ? ", \"idempotent\": true" : "")));
            Path journal = work.resolve("run.journal");
            Process p = CliProcess.start(CliProcess.DEPLOY, work, "--tasklist", plan.toString(), "--journal", journal.toString());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(work.resolve("started")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(work.resolve("started")).exists();
            p.destroyForcibly();   // SIGKILL: no handler, no summary, no task end in the journal
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(journal(journal)).last().satisfies(l -> assertThat(l.path("event").asText()).isEqualTo("task_started"));

            CliProcess.Result resumed = CliProcess.deploy(work, "--tasklist", plan.toString(), "--resume", journal.toString());
            if (!idempotent) {
                assertThat(resumed.exitCode()).as(resumed.all()).isEqualTo(2);
                assertThat(resumed.stderr()).contains("task 2.1 execute_command on local:b", "started in run", "never ended",
                        "resume with --resume-anyway");
                resumed = CliProcess.deploy(work, "--tasklist", plan.toString(), "--resume", journal.toString(), "--resume-anyway");
            }
            assertThat(resumed.exitCode()).as(resumed.all()).isZero();
            assertThat(resumed.stdout()).contains("ALREADY_DONE 1", "SUCCEEDED 2");
            assertThat(lines(work.resolve("count-a"))).isEqualTo(1);
            assertThat(lines(work.resolve("count-c"))).isEqualTo(1);
        }
    }

    @Test
    void resumeNeedsASavedPlanAndAReadableJournal(@TempDir Path dir) throws IOException {
        CliProcess.Result noPlan = CliProcess.deploy(dir, "--config", CliProcess.projectRoot().resolve("conf/test.yaml").toString(),
                "--resume", dir.resolve("x.journal").toString());
        assertThat(noPlan.exitCode()).isEqualTo(2);
        assertThat(noPlan.stderr()).contains("--resume JOURNAL goes on with a saved plan");

        Path plan = Files.writeString(dir.resolve("plan.json"), plan(dir, ""));
        CliProcess.Result missing = CliProcess.deploy(dir, "--tasklist", plan.toString(), "--resume", dir.resolve("x.journal").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("x.journal", "no such journal file");
        assertThat(dir.resolve("count-a")).doesNotExist();
    }

    @Test
    void aGeneratedPlanIsSavedBesideItsJournalSoThatAFailedRunCanResumeWithIt(@TempDir Path dir) throws IOException {
        // conf/test.yaml's plan, run with --logdir: the journal and the plan land beside the log.
        Path logs = dir.resolve("logs");
        CliProcess.Result r = CliProcess.deploy(dir, "--config", CliProcess.projectRoot().resolve("conf/test.yaml").toString(),
                "--logdir", logs.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        List<Path> files;
        try (var list = Files.list(logs)) {
            files = list.sorted().toList();
        }
        Path journalFile = files.stream().filter(f -> f.toString().endsWith(".journal")).findFirst().orElseThrow();
        Path planFile = Path.of(journalFile.toString().replaceFirst("\\.journal$", ".plan.json"));
        assertThat(planFile).exists();
        assertThat(r.stdout()).contains("journal: " + journalFile).doesNotContain("Resume with");

        CliProcess.Result resumed = CliProcess.deploy(dir, "--tasklist", planFile.toString(), "--resume", journalFile.toString());
        assertThat(resumed.exitCode()).as(resumed.all()).isZero();
        assertThat(resumed.stdout()).contains("ALREADY_DONE 1");
    }

    @Test
    void onATerminalAPersonDecidesWhetherAHalfRunTaskRunsAgain(@TempDir Path dir) throws Exception {
        // The deployer is killed while a non-idempotent task runs; the resume, on a real terminal, asks about it.
        String slow = "touch " + dir + "/started; sleep 2; echo b >> " + dir + "/count-b";
        Path plan = Files.writeString(dir.resolve("plan.json"), plan(dir, "")
                .replace("[ -f " + dir + "/flag ] && echo b >> " + dir + "/count-b", slow));
        Path journal = dir.resolve("run.journal");
        Process p = CliProcess.start(CliProcess.DEPLOY, dir.resolve("first"), "--tasklist", plan.toString(), "--journal", journal.toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(dir.resolve("started")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        for (String answer : List.of("n", "y")) {
            try (PtyProcess resume = PtyProcess.start(PtyProcess.Output.TERMINAL, CliProcess.DEPLOY, dir.resolve("resume-" + answer),
                    "--tasklist", plan.toString(), "--resume", journal.toString())) {
                resume.await("the question", Duration.ofSeconds(60), () -> resume.transcript().contains("again? [y/N]"));
                assertThat(resume.transcript()).contains("task 2.1 execute_command on local:b started in run", "never ended");
                resume.type(answer + "\n");
                CliProcess.Result r = resume.finish(Duration.ofSeconds(60));
                if (answer.equals("n")) {
                    assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
                    assertThat(r.stdout()).contains("resume with --resume-anyway to run it again");
                    assertThat(lines(dir.resolve("count-c"))).as("nothing ran").isZero();
                } else {
                    assertThat(r.exitCode()).as(r.all()).isZero();
                    assertThat(r.stdout()).contains("ALREADY_DONE 1", "SUCCEEDED 2");
                }
            }
        }
        assertThat(lines(dir.resolve("count-a"))).isEqualTo(1);
        assertThat(lines(dir.resolve("count-c"))).isEqualTo(1);
    }
}
