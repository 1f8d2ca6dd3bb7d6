package deployer.tests.reports;

import deployer.tests.fixtures.JsonSchemas;

import com.fasterxml.jackson.databind.JsonNode;
import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code build-tasklist --schema} prints the tasklist format's JSON Schema, generated from the declarations the reader
 * checks with; the copy in docs/schema must equal it (regenerate with {@code bin/build-tasklist --schema >
 * docs/schema/tasklist.schema.json}). The example tasklists (conf/examples, docs/reference/tasklist.md's, the plans
 * the spec's and the demo's configs generate) validate against it, and tasklists the reader rejects for a key's type or range fail
 * it too. {@code build-tasklist --output json} prints the plan report.
 */
class TasklistSchemaTest {

    private static final Path ROOT = CliProcess.projectRoot();
    private static final Path SCHEMA = ROOT.resolve("docs/schema/tasklist.schema.json");

    @Test
    void theSchemaPrintedEqualsTheFileInTheRepository(@TempDir Path work) throws IOException {
        CliProcess.Result r = CliProcess.buildTasklist(work, "--schema");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).as("docs/schema/tasklist.schema.json is stale: regenerate it with"
                + " bin/build-tasklist --schema > docs/schema/tasklist.schema.json").isEqualTo(Files.readString(SCHEMA));
        RunReportJsonTest.STRICT.readTree(r.stdout());
    }

    @Test
    void theExampleTasklistsValidateAgainstTheSchema(@TempDir Path work) throws IOException {
        Map<String, String> examples = new java.util.LinkedHashMap<>();
        examples.put("conf/examples/tasklist.json", Files.readString(ROOT.resolve("conf/examples/tasklist.json")));
        examples.put("docs/reference/tasklist.md's tasklist", readmeTasklist());
        CliProcess.Result spec = CliProcess.buildTasklist(work.resolve("spec"), "--config", ROOT.resolve("conf/test.yaml").toString(), "--dump");
        assertThat(spec.exitCode()).as(spec.all()).isZero();
        examples.put("the plan of conf/test.yaml", spec.stdout());
        CliProcess.Result demo = CliProcess.buildTasklist(work.resolve("demo"), "--config", demoConfig(work).toString(), "--redeploy", "--dump");
        assertThat(demo.exitCode()).as(demo.all()).isZero();
        examples.put("the plan of conf/demo.yaml", demo.stdout());

        for (Map.Entry<String, String> e : examples.entrySet()) {
            assertThat(JsonSchemas.errors(SCHEMA, e.getValue())).as(e.getKey()).isEmpty();
        }
        // And the deployer itself accepts the example it ships.
        CliProcess.Result example = CliProcess.buildTasklist(work.resolve("example"), "--tasklist", ROOT.resolve("conf/examples/tasklist.json").toString());
        assertThat(example.exitCode()).as(example.all()).isZero();
    }

    @Test
    void tasklistsTheReaderRejectsForAKeyFailTheSchemaToo(@TempDir Path work) throws IOException {
        List<String> bad = List.of(
                "{\"name\": \"x\", \"stages\": [{\"name\": \"s\", \"concurrency\": 0, \"tasks\": []}]}",
                "{\"name\": \"x\", \"stages\": [{\"name\": \"s\", \"concurrency\": 1, \"parallel\": 2, \"tasks\": []}]}",
                "{\"name\": \"x\", \"stages\": [{\"name\": \"s\", \"concurrency\": 1, \"on_failure\": \"maybe\", \"tasks\": []}]}",
                "{\"name\": \"x\", \"stages\": [{\"name\": \"s\", \"concurrency\": 1, \"tasks\": [{\"message\": \"no command\"}]}]}",
                "{\"name\": \"x\", \"stages\": [{\"name\": \"s\", \"concurrency\": 1, \"tasks\": [{\"command\": \"test_command\", \"message\": \"m\", \"retries\": 101}]}]}",
                "{\"name\": \"x\", \"stages\": [{\"name\": \"s\", \"concurrency\": 1, \"tasks\": [{\"command\": \"test_command\", \"message\": \"m\", \"no_log\": \"yes\"}]}]}",
                "{\"name\": \" \", \"stages\": []}",
                "{\"name\": \"x\", \"stages\": [], \"owner\": \"me\"}",
                "{\"name\": \"x\", \"stages\": [], \"skipped_hosts\": [{\"host\": \"h\", \"service\": \"web\"}]}",
                // The commands' part, from their declarations: a missing required argument, an unknown one, a wrong type.
                "{\"name\": \"x\", \"stages\": [{\"name\": \"s\", \"concurrency\": 1, \"tasks\": [{\"command\": \"test_command\"}]}]}",
                "{\"name\": \"x\", \"stages\": [{\"name\": \"s\", \"concurrency\": 1, \"tasks\": [{\"command\": \"test_command\", \"message\": \"m\", \"colour\": \"blue\"}]}]}",
                "{\"name\": \"x\", \"stages\": [{\"name\": \"s\", \"concurrency\": 1, \"tasks\": [{\"command\": \"create_directory\", \"path\": 1}]}]}",
                "{\"name\": \"x\", \"stages\": [{\"name\": \"s\", \"concurrency\": 1, \"tasks\": [{\"command\": \"createdirectory\", \"path\": \"/tmp/x\", \"mode\": 755}]}]}");
        for (int i = 0; i < bad.size(); i++) {
            assertThat(JsonSchemas.errors(SCHEMA, bad.get(i))).as(bad.get(i)).isNotEmpty();
            Path file = Files.writeString(work.resolve("bad" + i + ".json"), bad.get(i));
            CliProcess.Result r = CliProcess.buildTasklist(work.resolve("cli" + i), "--tasklist", file.toString());
            assertThat(r.exitCode()).as(bad.get(i) + "\n" + r.all()).isEqualTo(2);
        }
    }

    @Test
    void theJsonPlanReportIsAloneOnStdoutAndValidates(@TempDir Path work) throws IOException {
        CliProcess.Result r = CliProcess.buildTasklist(work, "--tasklist", ROOT.resolve("conf/examples/tasklist.json").toString(),
                "--output", "json");

        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode doc = RunReportJsonTest.STRICT.readTree(r.stdout());
        assertThat(JsonSchemas.errors(ROOT.resolve("docs/schema/plan-report.schema.json"), r.stdout())).isEmpty();
        assertThat(r.stderr()).contains("Syntax ok");
        assertThat(doc.get("format").asText()).isEqualTo("deployer.plan-report");
        assertThat(doc.get("valid").asBoolean()).isTrue();
        assertThat(doc.get("task_count").asInt()).isEqualTo(6);
        List<String> tasks = new ArrayList<>();
        doc.get("stages").forEach(s -> s.get("tasks").forEach(t -> tasks.add(t.get("id").asText() + " " + t.get("host").asText())));
        assertThat(tasks).containsExactly("1.1 local", "1.2 local:web1", "2.1.1 local:web1", "2.1.2 local:web1", "2.2 local:web2", "3.1 local");
        assertThat(r.stdout()).doesNotContain("change-me");
    }

    @Test
    void anInvalidPlanGivesAJsonListOfEveryProblemAndExitTwo(@TempDir Path work) throws IOException {
        Path plan = Files.writeString(work.resolve("plan.json"), """
                {"name": "bad", "stages": [
                  {"name": "s", "concurrency": 0, "tasks": [
                    {"command": "no_such_command"}
                  ]}]}
                """);
        CliProcess.Result r = CliProcess.buildTasklist(work.resolve("cli"), "--tasklist", plan.toString(), "--output", "json");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        JsonNode doc = RunReportJsonTest.STRICT.readTree(r.stdout());
        assertThat(JsonSchemas.errors(ROOT.resolve("docs/schema/plan-report.schema.json"), r.stdout())).isEmpty();
        assertThat(doc.get("valid").asBoolean()).isFalse();
        List<String> problems = new ArrayList<>();
        doc.get("problems").forEach(p -> problems.add(p.get("where").asText() + " " + p.get("message").asText()));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("plan.json:2:", "concurrency", "at least 1"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("no_such_command"));
        // The human form is on stderr as always.
        assertThat(r.stderr()).contains("invalid input, nothing was run");
    }

    /** The first JSON block of the tasklist reference (docs/reference/tasklist.md). */
    private static String readmeTasklist() throws IOException {
        String readme = Files.readString(ROOT.resolve("docs/reference/tasklist.md"));
        int section = readme.indexOf("# Tasklist format");
        int start = readme.indexOf("```json\n", section) + "```json\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    /** conf/demo.yaml with its hosts' root folder moved into the test's directory (the plan is read, not run). */
    private static Path demoConfig(Path work) throws IOException {
        String yaml = Files.readString(ROOT.resolve("conf/demo.yaml"))
                .replace("/tmp/deployer-demo", work.resolve("hosts").toString())
                .replace("tarballs: demo/packages/v1", "tarballs: " + ROOT.resolve("conf/demo/packages/v1"));
        Files.createDirectories(work);
        return Files.writeString(work.resolve("demo.yaml"), yaml);
    }
}
