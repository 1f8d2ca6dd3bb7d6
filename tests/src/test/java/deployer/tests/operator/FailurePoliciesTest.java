package deployer.tests.operator;

import static deployer.tests.fixtures.Plans.shell;
import static deployer.tests.fixtures.Plans.stage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import deployer.core.testing.CliProcess;
import deployer.core.testing.Procs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failure policies through the real {@code deploy} CLI on local hosts: a timeout ends a real {@code sleep}, retries
 * re-run idempotent work only, {@code on_failure: continue} lets the other hosts finish, and one failure budget
 * covers every batch stage of a rollout.
 */
class FailurePoliciesTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @TempDir
    Path work;



    private Path plan(String file, List<Map<String, Object>> stages) throws IOException {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("name", "policies");
        plan.put("stages", stages);
        Path p = work.resolve(file);
        Files.writeString(p, JSON.writeValueAsString(plan));
        return p;
    }

    private CliProcess.Result deploy(Path plan) {
        return CliProcess.deploy(work.resolve("cli-" + plan.getFileName()), "--tasklist", plan.toString());
    }

    /** A touch of {@code host}'s marker file, to see afterwards which tasks ran. */
    private String mark(String name) {
        return "touch " + work.resolve("ran-" + name);
    }

    private boolean ran(String name) {
        return Files.exists(work.resolve("ran-" + name));
    }

    @Test
    void aTimeoutEndsARealSleepAndTheTaskFailsAsTimeout() throws Exception {
        // A unique duration is the marker: it is in the sleep process's own command line.
        String marker = "300." + ThreadLocalRandom.current().nextInt(100_000_000, 999_999_999);
        Path plan = plan("timeout.json", List.of(stage("s", 2, List.of(
                shell("local:a", "sleep " + marker, "timeout", 1),
                shell("local:b", mark("b"))))));

        long start = System.nanoTime();
        CliProcess.Result r = deploy(plan);

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).as(r.all()).contains("FAILED  1.1 execute_command on local:a: TIMEOUT: timed out after 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
        assertThat(ran("b")).isTrue();
        assertThat(Procs.all()).as("no sleep %s outlives its task", marker).noneMatch(p -> p.cmdline().contains(marker));
    }

    @Test
    void anIdempotentTaskIsRetriedUntilItSucceedsAndANonIdempotentOneIsNot() throws Exception {
        Path counter = work.resolve("counter");
        // Fails on its first two runs, succeeds on the third.
        String flaky = "n=$(cat " + counter + " 2>/dev/null || echo 0); n=$((n+1)); echo $n > " + counter + "; [ $n -ge 3 ]";
        Path retried = plan("retried.json", List.of(stage("s", 1, List.of(
                shell("local:a", flaky, "idempotent", true, "retries", 3, "retry_delay", 0.1)))));

        CliProcess.Result r = deploy(retried);

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(Files.readString(counter).trim()).isEqualTo("3");
        assertThat(r.stderr()).contains("on attempt 1; retrying in 0.1 s", "on attempt 2; retrying in 0.2 s");

        // execute_command does not declare itself idempotent: retries on it are refused before anything runs.
        Files.delete(counter);
        Path refused = plan("refused.json", List.of(stage("s", 1, List.of(shell("local:a", flaky, "retries", 3)))));
        CliProcess.Result bad = deploy(refused);
        assertThat(bad.exitCode()).as(bad.all()).isEqualTo(2);
        assertThat(bad.stderr()).contains(refused + ":").contains("task 1.1 (execute_command): 'retries' needs idempotent work:"
                + " 'execute_command' does not declare itself idempotent");
        assertThat(counter).doesNotExist();

        // Without retries it runs once and fails.
        Path once = plan("once.json", List.of(stage("s", 1, List.of(shell("local:a", flaky)))));
        CliProcess.Result failed = deploy(once);
        assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
        assertThat(Files.readString(counter).trim()).isEqualTo("1");
    }

    private List<Map<String, Object>> threeHosts(String onFailure) {
        return List.of(
                stage("deploy", 1, List.of(
                        List.of(shell("local:a", mark("a-stop")), shell("local:a", mark("a-start"))),
                        List.of(shell("local:b", mark("b-stop")), shell("local:b", "exit 3")),
                        List.of(shell("local:c", mark("c-stop")), shell("local:c", mark("c-start")))),
                        "on_failure", onFailure, "max_failures", 1),
                stage("after", 3, List.of(shell("local:a", mark("a-after")), shell("local:b", mark("b-after")),
                        shell("local:c", mark("c-after")))));
    }

    @Test
    void underStopTheFirstFailureStartsNothingNew() throws Exception {
        List<Map<String, Object>> stages = new ArrayList<>(threeHosts("continue"));
        stages.set(0, stage("deploy", 1, List.of(
                List.of(shell("local:a", mark("a-stop")), shell("local:a", mark("a-start"))),
                List.of(shell("local:b", mark("b-stop")), shell("local:b", "exit 3")),
                List.of(shell("local:c", mark("c-stop")), shell("local:c", mark("c-start"))))));
        CliProcess.Result r = deploy(plan("stop.json", stages));

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).contains("Run policies: FAILED", "FAILED  1.2.2 execute_command on local:b: NON_ZERO_EXIT",
                "NOT_RUN 1.3.1 execute_command on local:c: task 1.2.2 failed",
                "NOT_RUN 2.1 execute_command on local:a: an earlier stage failed (task 1.2.2 failed)");
        assertThat(ran("c-stop")).isFalse();
        assertThat(ran("a-after")).isFalse();
    }

    @Test
    void underContinueTheOtherHostsFinishAndLaterStagesSkipTheFailedHost() throws Exception {
        CliProcess.Result r = deploy(plan("continue.json", threeHosts("continue")));

        assertThat(r.exitCode()).as("a continued failure still fails the run").isEqualTo(1);
        assertThat(r.stdout()).as(r.all()).contains("Run policies: FAILED", "FAILED  1.2.2 execute_command on local:b: NON_ZERO_EXIT",
                "NOT_RUN 2.2 execute_command on local:b: host local:b failed earlier (task 1.2.2: NON_ZERO_EXIT; on_failure: continue)");
        assertThat(List.of("a-start", "c-start", "a-after", "c-after")).allMatch(this::ran);
        assertThat(ran("b-after")).isFalse();
    }

    private Map<String, Object> batch(int n, String failing, String fine, int percentage) {
        return stage("Deploy web (batch " + n + " of 2)", 2, List.of(shell(failing, "exit 1"),
                        shell(fine, mark(fine.substring("local:".length())))),
                "on_failure", "continue", "max_fail_percentage", percentage, "rollout", "deploy web");
    }

    @Test
    void maxFailPercentageCountsEveryBatchOfTheRolloutTogether() throws Exception {
        // Four hosts in two batches, one failure in each: 1 of 4 is within 25 %, the second (2 of 4) is not, though
        // each batch alone lost no more than its share.
        List<Map<String, Object>> stages = List.of(batch(1, "local:a", "local:b", 25), batch(2, "local:c", "local:d", 25),
                stage("after", 1, List.of(shell("local:b", mark("after")))));
        CliProcess.Result r = deploy(plan("budget.json", stages));

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).contains("FAILED  1.1 execute_command on local:a", "FAILED  2.1 execute_command on local:c",
                "NOT_RUN 3.1 execute_command on local:b: an earlier stage failed (the failure budget is spent: rollout 'deploy web':"
                        + " 2 of 4 hosts failed, max_fail_percentage 25 %)");
        assertThat(ran("after")).isFalse();

        // With 50 % the same two failures are within budget: the run goes on (and still ends FAILED).
        List<Map<String, Object>> lenient = List.of(batch(1, "local:a", "local:b", 50), batch(2, "local:c", "local:d", 50),
                stage("after", 1, List.of(shell("local:b", mark("after")))));
        CliProcess.Result ok = deploy(plan("lenient.json", lenient));
        assertThat(ok.exitCode()).as(ok.all()).isEqualTo(1);
        assertThat(ran("after")).isTrue();
        assertThat(ok.stdout()).contains("FAILED  1.1 execute_command on local:a", "FAILED  2.1 execute_command on local:c");
    }

    @Test
    void policiesSurviveADumpOfThePlan() throws Exception {
        Path plan = plan("dump.json", List.of(
                stage("batch", 2, List.of(shell("local:a", "true", "timeout", 30, "retries", 2, "retry_delay", 0.5, "idempotent", true)),
                        "on_failure", "continue", "max_failures", 1, "max_fail_percentage", 20, "rollout", "deploy web")));
        CliProcess.Result first = CliProcess.buildTasklist(work.resolve("dump1"), "--tasklist", plan.toString(), "--dump");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.stdout()).contains("\"on_failure\": \"continue\"", "\"max_failures\": 1", "\"max_fail_percentage\": 20",
                "\"rollout\": \"deploy web\"", "\"timeout\": 30", "\"retries\": 2", "\"retry_delay\": 0.5", "\"idempotent\": true");
        Path dumped = work.resolve("dumped.json");
        Files.writeString(dumped, first.stdout());
        CliProcess.Result second = CliProcess.buildTasklist(work.resolve("dump2"), "--tasklist", dumped.toString(), "--dump");
        assertThat(second.stdout()).isEqualTo(first.stdout());
    }
}
