package deployer.commands;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** run_hook on a real local shell: facts arrive as values, never as shell text; the run adds its id and result. */
class RunHookCommandTest {

    @TempDir
    Path dir;

    @Test
    void valuesReachTheHookAsTheyAreNeverInterpretedByTheShell() throws Exception {
        Path out = dir.resolve("out");
        Path pwned = dir.resolve("pwned");
        String nasty = "it's \"$(touch " + pwned + ")\" `touch " + pwned + "`; $HOME";
        CommandTester.Run r = CommandTester.command("run_hook")
                .arg("hook", "after_deploy")
                .arg("shell", "printf '%s\\n' \"$DEPLOY_VERSION\" \"$DEPLOY_HOOK\" \"$DEPLOY_RESULT\" \"$DEPLOY_RUN_ID\" > " + out)
                .arg("env", Map.of("DEPLOY_VERSION", nasty, "DEPLOY_HOOK", "after_deploy"))
                .run();
        assertThat(r.result().outcome()).as(r.message()).isEqualTo(deployer.core.spi.CommandResult.Outcome.SUCCEEDED);
        assertThat(Files.readAllLines(out)).hasSize(4).startsWith(nasty, "after_deploy", "succeeded");
        assertThat(Files.readAllLines(out).get(3)).isNotBlank();
        assertThat(pwned).doesNotExist();
    }

    @Test
    void aFailingHookFailsNamingTheHookAndItsExitStatus() throws Exception {
        CommandTester.Run r = CommandTester.command("run_hook").arg("hook", "before_deploy").arg("shell", "exit 7").run();
        assertThat(r.result().outcome()).isEqualTo(deployer.core.spi.CommandResult.Outcome.FAILED);
        assertThat(r.message()).isEqualTo("before_deploy hook 'exit 7' failed with exit status 7");
    }

    @Test
    void theRunsOwnFactsCannotBeOverriddenAndBadNamesAreRefused() {
        assertThat(CommandTester.command("run_hook").arg("shell", "true")
                .arg("env", Map.of("DEPLOY_RESULT", "succeeded", "1BAD", "x")).problems())
                .anySatisfy(p -> assertThat(p).contains("DEPLOY_RUN_ID and DEPLOY_RESULT are set by the run itself"))
                .anySatisfy(p -> assertThat(p).contains("'1BAD' is not a variable name"));
    }
}
