package deployer.core.json;

import deployer.core.model.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlanDiffTest {

    private static final String PLAN = """
            {"name": "p", "stages": [
              {"name": "a", "concurrency": 1, "tasks": [
                {"command": "test_command", "message": "1"},
                {"command": "test_command", "message": "2"},
                {"command": "test_command", "message": "3"}]},
              {"name": "b", "concurrency": 1, "tasks": [
                [{"command": "test_command", "remote_host": "h1", "message": "x"},
                 {"command": "test_command", "remote_host": "h1", "message": "y"}]]}
            ]}
            """;

    @Test
    void equalPlansHaveNoDifferences() throws InvalidInputException {
        assertThat(PlanDiff.between(read(PLAN), read(PLAN))).isEmpty();
    }

    @Test
    void aTaskRemovedFromTheMiddleIsOneLineNotEveryLaterTaskChanged() throws InvalidInputException {
        String changed = PLAN.replace("{\"command\": \"test_command\", \"message\": \"2\"},\n", "");
        assertThat(PlanDiff.between(read(PLAN), read(changed)))
                .containsExactly("stage 'a': task 2 of the old stage removed: {\"command\":\"test_command\",\"message\":\"2\"}");
    }

    @Test
    void stageOrderRemovedStagesAndChainLinksAreNamed() throws InvalidInputException {
        String other = """
                {"name": "p", "stages": [
                  {"name": "b", "concurrency": 1, "tasks": [
                    [{"command": "test_command", "remote_host": "h1", "message": "x"},
                     {"command": "test_command", "remote_host": "h1", "message": "y"},
                     {"command": "test_command", "remote_host": "h1", "message": "z"}]]},
                  {"name": "a", "concurrency": 1, "tasks": [
                    {"command": "test_command", "message": "1"},
                    {"command": "test_command", "message": "2"},
                    {"command": "test_command", "message": "3"}]}
                ]}
                """;
        assertThat(PlanDiff.between(read(PLAN), read(other))).containsExactly(
                "stage order: a, b → b, a",
                "stage 'b': task 1.1.3 added to the chain: {\"command\":\"test_command\",\"remote_host\":\"h1\",\"message\":\"z\"}");
        String dropped = PLAN.replaceFirst("(?s),\\s*\\{\"name\": \"b\".*]]}", "");
        assertThat(PlanDiff.between(read(PLAN), read(dropped))).containsExactly("stage 'b' removed (was stage 2, 1 task)");
    }

    private static deployer.core.model.Tasklist read(String json) throws InvalidInputException {
        return TasklistReader.read(json, "plan.json");
    }
}
