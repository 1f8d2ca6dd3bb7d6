package deployer.tests.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** build-tasklist --save, then deploy --tasklist: the saved plan runs as generated, a hand-edited one as edited. */
class CliRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> executed(CliProcess.Result r) {
        return r.stderr().lines().filter(l -> l.contains("Executing test command: "))
                .map(l -> l.substring(l.indexOf("Executing test command: "))).toList();
    }

    private static String withoutRunDetails(String summary) {
        // Durations (the headline's, each host's and stage's in the recap) differ from run to run.
        return summary.replaceAll("[0-9]+\\.[0-9] s\\b", "").replaceAll("(?m)^Run id: .*$", "");
    }

    @Test
    void aSavedPlanRunsLikeTheGeneratedOne(@TempDir Path work) throws IOException {
        String config = CliProcess.projectRoot().resolve("conf/test.yaml").toString();
        Path saved = work.resolve("plan.json");

        CliProcess.Result build = CliProcess.buildTasklist(work, "--config", config, "--save", saved.toString());
        assertThat(build.exitCode()).as(build.all()).isZero();
        assertThat(build.stdout()).isEmpty();
        assertThat(build.stderr()).contains("Syntax ok\n", "Saved tasklist to " + saved);

        CliProcess.Result direct = CliProcess.deploy(work, "--config", config);
        CliProcess.Result fromFile = CliProcess.deploy(work, "--tasklist", saved.toString());
        assertThat(fromFile.exitCode()).as(fromFile.all()).isZero();
        assertThat(executed(fromFile)).isEqualTo(executed(direct)).containsExactly("Executing test command: Hello World / None");
        // The same summary; each run has its own id and journal.
        assertThat(withoutRunDetails(fromFile.stdout())).isEqualTo(withoutRunDetails(direct.stdout())).contains("SUCCEEDED");

        CliProcess.Result dumped = CliProcess.buildTasklist(work, "--tasklist", saved.toString(), "--dump");
        assertThat(dumped.stdout()).isEqualTo(Files.readString(saved));
    }

    @Test
    void aHandEditedPlanRunsAsEdited(@TempDir Path work) throws IOException {
        String config = CliProcess.projectRoot().resolve("conf/test.yaml").toString();
        Path saved = work.resolve("plan.json");
        assertThat(CliProcess.buildTasklist(work, "--config", config, "--save", saved.toString()).exitCode()).isZero();

        // An operator copies the stage three times, then removes the middle one and raises the last one's limit.
        ObjectNode plan = (ObjectNode) JSON.readTree(saved.toFile());
        ArrayNode stages = (ArrayNode) plan.get("stages");
        ObjectNode template = (ObjectNode) stages.get(0);
        stages.removeAll();
        for (String name : List.of("one", "two", "three")) {
            ObjectNode s = template.deepCopy();
            s.put("name", name);
            ((ObjectNode) s.get("tasks").get(0)).put("message", "from " + name);
            stages.add(s);
        }
        stages.remove(1);
        ObjectNode last = (ObjectNode) stages.get(1);
        last.put("concurrency", 2);
        ((ArrayNode) last.get("tasks")).addObject().put("command", "test_command").put("message", "added");
        Files.writeString(saved, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(plan));

        CliProcess.Result r = CliProcess.deploy(work, "--tasklist", saved.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(executed(r)).containsExactlyInAnyOrder(
                "Executing test command: from one / None",
                "Executing test command: from three / None",
                "Executing test command: added / None");
        assertThat(r.stderr()).contains("Starting stage: one", "Starting stage: three").doesNotContain("Starting stage: two");
        assertThat(r.stdout()).contains("SUCCEEDED 3");
    }
}
