package deployer.core.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deployer.core.exec.RunReport;
import deployer.core.exec.TaskStatus;
import deployer.core.internal.host.HostPool;
import deployer.core.json.TasklistReader;
import deployer.core.report.RunRecorder;
import deployer.core.report.RunReportJson;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.FailureReason;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A command from outside core fails with a reason core has never heard of, and every report names it. */
class CommandFailureReasonTest {

    /** What a third party's jar would hold: a command with its own failure reason. */
    public static final class CallQuotaApi implements Command {
        static final FailureReason QUOTA_EXCEEDED = FailureReason.of("QUOTA_EXCEEDED", "The service's API quota is spent for now.");

        @Override
        public String name() {
            return "call_quota_api";
        }

        @Override
        public void initialize(Arguments args) {
        }

        @Override
        public CommandResult execute(CommandContext context) {
            return CommandResult.failed(QUOTA_EXCEEDED, "quota spent until 14:00");
        }
    }

    @Test
    void aCommandsOwnReasonShowsInTheResultAndTheJsonReport() throws Exception {
        RunRecorder recorder = new RunRecorder();
        Engine engine = new Engine(CommandRegistry.of(CallQuotaApi.class), List.of(recorder));
        String json = """
                { "name": "p", "stages": [ { "name": "s", "concurrency": 1, "tasks": [ { "command": "call_quota_api", "remote_host": "local:q" } ] } ] }
                """;
        RunReport report;
        try (HostPool hosts = HostPool.localOnly()) {
            report = engine.run(engine.validate(TasklistReader.read(json, "p.json"), false), hosts);
        }
        assertThat(report.results().get(0).status()).isEqualTo(TaskStatus.FAILED);
        assertThat(report.results().get(0).reason()).isEqualTo(CallQuotaApi.QUOTA_EXCEEDED);

        JsonNode task = new ObjectMapper().readTree(RunReportJson.json(recorder, List.of())).at("/tasks/0");
        assertThat(task.get("reason").asText()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(task.get("message").asText()).isEqualTo("quota spent until 14:00");
    }

    @Test
    void aCommandCannotRedefineTheEnginesReasonsOrNameOneBadly() {
        assertThatThrownBy(() -> FailureReason.of("TIMEOUT", "mine")).hasMessageContaining("built-in");
        assertThatThrownBy(() -> FailureReason.of("quota", "mine")).hasMessageContaining("UPPER_SNAKE_CASE");
        assertThatThrownBy(() -> FailureReason.of("QUOTA", " ")).hasMessageContaining("description");
        assertThat(FailureReason.of("QUOTA", "a")).isEqualTo(FailureReason.of("QUOTA", "b"));
    }
}
