package deployer.commands;

import deployer.core.spi.CommandResult.Outcome;
import deployer.core.spi.FailureReason;
import org.junit.jupiter.api.Test;

import static deployer.commands.CommandTester.command;
import static org.assertj.core.api.Assertions.assertThat;

class ExecuteAndTestCommandTest {

    @Test
    void executeCommandSucceedsOnExitZeroAndFailsWithStderrOtherwise() throws Exception {
        assertThat(command("execute_command").arg("shell", "echo hello").run().result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        var failed = command("execute_command").arg("shell", "echo 'disk full' >&2; exit 4").run();
        assertThat(failed.result().reason()).isEqualTo(FailureReason.NON_ZERO_EXIT);
        assertThat(failed.message()).contains("exit status 4");
        assertThat(failed.result().outputTail()).containsExactly("disk full");
    }

    @Test
    void executeCommandRejectsAnEmptyLine() {
        assertThat(command("execute_command").arg("shell", " ").problems()).singleElement().asString().contains("'shell'");
    }

    @Test
    void testCommandSucceeds() throws Exception {
        assertThat(command("test_command").arg("message", "Hello World").run().result().outcome()).isEqualTo(Outcome.SUCCEEDED);
    }
}
