package deployer.tests.reports;

import deployer.tests.fixtures.JsonSchemas;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy --output json} and {@code --report-json}: the run report of a real run on local hosts, one task of
 * which fails, validated against docs/schema/run-report.schema.json with a JSON Schema validator; stdout is that one
 * JSON document and nothing else; no secret reaches it.
 */
class RunReportJsonTest {

    /** Strict: trailing content after the document (a stray log line on stdout) is an error. */
    static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final String SECRET = "Garnet-Token-19fe";

    /**
     * Stage 1 on two local hosts: web1 runs a chain (both links succeed), web2 prints a line, then a line on stderr
     * holding a sensitive value, then a plain one, and exits 3. Stage 2 therefore never runs (NOT_RUN); the finishing
     * stage runs anyway.
     */
    static Path failingPlan(Path work) throws IOException {
        String json = """
                {"name": "report demo", "stages": [
                  {"name": "Deploy", "concurrency": 2, "tasks": [
                    [ {"command": "execute_command", "remote_host": "local:web1", "tag": "web", "shell": "echo stopping; sleep 0.3"},
                      {"command": "execute_command", "remote_host": "local:web1", "tag": "web", "shell": "echo starting; sleep 0.2"} ],
                    {"command": "execute_command", "remote_host": "local:web2", "tag": "api", "env": {"API_TOKEN": "%s"},
                     "sensitive": ["env"],
                     "shell": "sleep 0.2; echo working; echo \\"auth with $API_TOKEN refused\\" >&2; echo 'disk full' >&2; exit 3"}
                  ]},
                  {"name": "Verify", "concurrency": 2, "tasks": [
                    {"command": "test_command", "remote_host": "local:web1", "message": "check web1"},
                    {"command": "test_command", "remote_host": "local:web2", "message": "check web2"}
                  ]},
                  {"name": "Clean up", "concurrency": 1, "always": true, "tasks": [
                    {"command": "test_command", "message": "cleaning up"}
                  ]}
                ]}
                """.formatted(SECRET);
        return Files.writeString(work.resolve("plan.json"), json);
    }

    @Test
    void theJsonReportOfARunWithOneFailedTaskIsAloneOnStdoutEqualsTheFileAndValidatesAgainstItsSchema(@TempDir Path work) throws Exception {
        Path file = work.resolve("out/report.json");
        Files.createDirectories(file.getParent());
        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "--tasklist", failingPlan(work).toString(),
                "--output", "json", "--report-json", file.toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        // stdout is exactly one JSON document; the human summary and the logs are on stderr.
        JsonNode report = STRICT.readTree(r.stdout());
        assertThat(r.stdout()).startsWith("{").endsWith("}\n");
        assertThat(r.stderr()).contains("Run report demo: FAILED", "Starting stage: Deploy", "Resume with: deploy --tasklist");
        assertThat(file).hasContent(r.stdout().stripTrailing());

        List<String> errors = JsonSchemas.errors(CliProcess.projectRoot().resolve("docs/schema/run-report.schema.json"), r.stdout());
        assertThat(errors).as(r.stdout()).isEmpty();

        assertThat(report.get("format").asText()).isEqualTo("deployer.run-report");
        assertThat(report.get("format_version").asInt()).isEqualTo(1);
        assertThat(report.get("status").asText()).isEqualTo("FAILED");
        Matcher runId = Pattern.compile("Run (\\S+): deploy by").matcher(r.stderr());
        assertThat(runId.find()).as(r.stderr()).isTrue();
        assertThat(report.get("run_id").asText()).isEqualTo(runId.group(1));
        assertThat(report.get("journal").asText()).contains(runId.group(1));

        List<String> ids = new ArrayList<>();
        report.get("tasks").forEach(t -> ids.add(t.get("id").asText() + " " + t.get("status").asText()));
        assertThat(ids).containsExactly("1.1.1 SUCCEEDED", "1.1.2 SUCCEEDED", "1.2 FAILED", "2.1 NOT_RUN", "2.2 NOT_RUN", "3.1 SUCCEEDED");

        JsonNode failed = report.get("tasks").get(2);
        assertThat(failed.get("stage").asInt()).isEqualTo(1);
        assertThat(failed.get("stage_name").asText()).isEqualTo("Deploy");
        assertThat(failed.get("host").asText()).isEqualTo("local:web2");
        assertThat(failed.get("command").asText()).isEqualTo("execute_command");
        assertThat(failed.get("tag").asText()).isEqualTo("api");
        assertThat(failed.get("reason").asText()).isEqualTo("NON_ZERO_EXIT");
        assertThat(failed.get("exit_status").asInt()).isEqualTo(3);
        assertThat(failed.get("changed").asBoolean()).as("a failure changes nothing the recap could count").isFalse();
        // execute_command counts as a change when it succeeds (nobody can tell what a shell line did).
        assertThat(report.get("tasks").get(0).get("changed").asBoolean()).isTrue();
        assertThat(failed.get("attempts").asInt()).isEqualTo(1);
        assertThat(failed.get("duration_ms").asLong()).isGreaterThanOrEqualTo(200);
        List<String> tail = new ArrayList<>();
        failed.get("output_tail").forEach(l -> tail.add(l.asText()));
        assertThat(tail).contains("disk full", "******** (output line hidden: it held a sensitive value)");

        JsonNode notRun = report.get("tasks").get(3);
        assertThat(notRun.get("started").isNull()).isTrue();
        assertThat(notRun.get("attempts").asInt()).isZero();
        assertThat(notRun.get("message").asText()).isNotBlank();

        assertThat(report.get("totals").get("tasks").asInt()).isEqualTo(6);
        assertThat(report.get("totals").get("failed").asInt()).isEqualTo(1);
        assertThat(report.get("totals").get("not_run").asInt()).isEqualTo(2);
        assertThat(report.get("totals").get("succeeded").asInt()).isEqualTo(3);

        JsonNode hosts = report.get("hosts");
        assertThat(hosts).hasSize(3);
        JsonNode web2 = hosts.get(1);
        assertThat(web2.get("host").asText()).isEqualTo("local:web2");
        assertThat(web2.get("failed").asInt()).isEqualTo(1);
        assertThat(web2.get("not_run").asInt()).isEqualTo(1);
        assertThat(hosts.get(0).get("ok").asInt()).isEqualTo(2);

        List<String> stages = new ArrayList<>();
        report.get("stages").forEach(s -> stages.add(s.get("number").asInt() + " " + s.get("status").asText()));
        assertThat(stages).containsExactly("1 FAILED", "2 SKIPPED", "3 SUCCEEDED");
        assertThat(report.get("stages").get(1).get("skipped_because").asText()).contains("an earlier stage failed");

        // Never a secret in a report, nor anywhere else the run wrote.
        assertThat(r.stdout()).doesNotContain(SECRET);
        assertThat(r.stderr()).doesNotContain(SECRET);
    }

    @Test
    void aSucceedingRunPrintsAValidReportAndExitsZero(@TempDir Path work) throws Exception {
        CliProcess.Result r = CliProcess.deploy(work, "--config", CliProcess.projectRoot().resolve("conf/test.yaml").toString(),
                "--output", "json");

        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode report = STRICT.readTree(r.stdout());
        assertThat(report.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(JsonSchemas.errors(CliProcess.projectRoot().resolve("docs/schema/run-report.schema.json"), r.stdout())).isEmpty();
        assertThat(r.stderr()).contains("Run Test Generator: SUCCEEDED");
    }

    @Test
    void aReportPathInAMissingDirectoryIsAUsageErrorBeforeAnythingRuns(@TempDir Path work) throws Exception {
        Path marker = work.resolve("ran");
        Path plan = Files.writeString(work.resolve("plan.json"), """
                {"name": "p", "stages": [{"name": "s", "concurrency": 1, "tasks": [
                  {"command": "execute_command", "shell": "touch %s"}]}]}
                """.formatted(marker));
        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "--tasklist", plan.toString(),
                "--report-json", work.resolve("no/such/dir/r.json").toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("--report-json", "no such directory");
        assertThat(r.stdout()).isEmpty();
        assertThat(marker).doesNotExist();
    }

    @Test
    void anUnknownOutputFormatIsAUsageError(@TempDir Path work) {
        CliProcess.Result r = CliProcess.deploy(work, "--config", CliProcess.projectRoot().resolve("conf/test.yaml").toString(),
                "--output", "yaml");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("--output: expected text or json, got 'yaml'");
        assertThat(r.stdout()).isEmpty();
    }
}
