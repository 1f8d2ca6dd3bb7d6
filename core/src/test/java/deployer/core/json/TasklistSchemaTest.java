package deployer.core.json;

import deployer.core.exec.RunReport;
import deployer.core.exec.TaskStatus;
import deployer.core.model.Task;
import deployer.core.model.TasklistFormat;
import deployer.core.spi.FailureReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema files in docs/schema say what the code does: the task keys are the declared ones, and the run report schema lists exactly the statuses and failure reasons the engine has.
 */
class TasklistSchemaTest {

    private static final Path DOCS = Path.of("").toAbsolutePath().getParent().resolve("docs/schema");

    // The repository copy holds the built-in commands' part too, which core cannot see: the tests module's
    // TasklistSchemaTest compares it with what build-tasklist --schema prints.

    @Test
    void theReservedAndEngineKeysOfATaskAreTheDeclaredOnes() {
        assertThat(Task.RESERVED_KEYS).containsExactlyInAnyOrderElementsOf(TasklistFormat.names(TasklistFormat.TASK));
        assertThat(Task.ENGINE_KEYS).containsExactlyInAnyOrderElementsOf(TasklistFormat.names(TasklistFormat.TASK_POLICY));
    }

    @Test
    void theRunReportSchemaListsEveryStatusAndReasonTheEngineHas() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(DOCS.resolve("run-report.schema.json").toFile());
        assertThat(strings(schema.at("/properties/status/enum"))).containsExactlyElementsOf(names(RunReport.RunStatus.values()));
        JsonNode task = schema.at("/$defs/task/properties");
        assertThat(strings(task.at("/status/enum"))).containsExactlyElementsOf(names(TaskStatus.values()));
        // A command may bring its own reason, so the schema lists the engine's reasons as examples, not as an enum.
        assertThat(strings(task.at("/reason/examples"))).containsExactlyElementsOf(FailureReason.values().stream().map(FailureReason::name).toList());
        assertThat(task.at("/reason/pattern").asText()).isEqualTo("^[A-Z][A-Z0-9_]*$");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isNull() ? null : n.asText()));
        return out;
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
