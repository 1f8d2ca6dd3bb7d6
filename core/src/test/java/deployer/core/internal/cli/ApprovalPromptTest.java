package deployer.core.internal.cli;

import deployer.core.exec.PlannedTask;
import deployer.core.model.HostAddress;
import deployer.core.model.Task;
import deployer.core.model.TaskId;
import deployer.core.spi.Approval;
import deployer.core.spi.ApprovalBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The terminal's prompt at an approval gate: what is typed becomes a signed-off answer in the run's box. */
class ApprovalPromptTest {

    @TempDir
    Path dir;

    @Test
    void aTypedAnswerIsWrittenToTheBoxSignedOffAfterAWrongOneIsAskedAgain() throws Exception {
        ApprovalBox box = new ApprovalBox(dir);
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        ApprovalPrompt prompt = new ApprovalPrompt(box, new ByteArrayInputStream("maybe\nr\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(shown, true, StandardCharsets.UTF_8), null);
        TaskId id = TaskId.of(4, 1);
        prompt.taskStarted(new PlannedTask(id, Task.builder("gate_approve").arg("after", "web batch 1 of 3").build(),
                HostAddress.parse("local"), null));

        Optional<Approval> answer = Optional.empty();
        for (int i = 0; i < 600 && answer.isEmpty(); i++) {
            Thread.sleep(50);
            answer = box.answerTo(id);
        }
        assertThat(answer).isPresent();
        assertThat(answer.get().answer()).isEqualTo(Approval.Answer.ROLLBACK);
        assertThat(answer.get().via()).isEqualTo("the deploy's prompt");
        assertThat(answer.get().user()).isEqualTo(System.getProperty("user.name"));
        assertThat(shown.toString(StandardCharsets.UTF_8)).contains("Approval gate after web batch 1 of 3 (task 4.1): [c]ontinue / [r]ollback / [a]bort? ",
                "Please answer c, r or a");
    }

    @Test
    void otherTasksAreNotAskedAbout() throws Exception {
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        new ApprovalPrompt(new ApprovalBox(dir), new ByteArrayInputStream(new byte[0]), new PrintStream(shown, true, StandardCharsets.UTF_8), null)
                .taskStarted(new PlannedTask(TaskId.of(1, 1), Task.builder("gate_pause").arg("seconds", 1).build(), HostAddress.parse("local"), null));
        assertThat(shown.size()).isZero();
        assertThat(ApprovalPrompt.answer(" Continue ")).contains(Approval.Answer.CONTINUE);
        assertThat(ApprovalPrompt.answer("a")).contains(Approval.Answer.ABORT);
        assertThat(ApprovalPrompt.answer("yes")).isEmpty();
    }
}
