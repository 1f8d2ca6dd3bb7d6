package deployer.commands.gates;

import deployer.commands.CommandTester;
import deployer.core.model.RunId;
import deployer.core.model.TaskId;
import deployer.core.spi.Approval;
import deployer.core.spi.ApprovalBox;
import deployer.core.spi.CommandResult.Outcome;
import deployer.core.spi.FailureReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static deployer.commands.CommandTester.command;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The approval gate on its own, with its box of answers in a temporary directory: it waits until an answer is there
 * (written by another thread as {@code deploy approve} would from another process), and turns it into its result.
 */
class ApproveGateCommandTest {

    static final TaskId GATE = TaskId.of(1, 1);
    static final Instant AT = Instant.parse("2026-12-08T01:20:00Z");

    @TempDir
    Path dir;

    private ApprovalBox box() {
        return new ApprovalBox(dir);
    }

    private ApproveGateCommand gate() {
        return new ApproveGateCommand(runId -> box());
    }

    private CommandTester approve() {
        return command("gate_approve").arg("after", "web batch 1 of 3");
    }

    /** Answers as soon as the gate says it waits, from another thread. */
    private CompletableFuture<Void> answerWhenWaiting(Approval.Answer answer, String via) {
        return CompletableFuture.runAsync(() -> {
            try {
                while (box().waiting().isEmpty()) {
                    Thread.sleep(20);
                }
                box().answer(box().waiting().get(0).task(), new Approval(answer, "alice", "ctl1", AT, via));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void continueFromElsewherePassesTheGateWithWhoAnsweredWhenAndHowLongItWaited() throws Exception {
        CompletableFuture<Void> answered = answerWhenWaiting(Approval.Answer.CONTINUE, "deploy approve");
        CommandTester.Run r = approve().run(gate());
        answered.join();
        assertThat(r.result().outcome()).as(r.message()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.message()).startsWith("approved after web batch 1 of 3: continue requested by alice@ctl1 at 2026-12-08T01:20:00Z"
                + " (deploy approve), after waiting ");
        // It said how to answer, and no longer waits; the used answer stays on record.
        assertThat(r.log().all()).contains("Waiting for an approval after web batch 1 of 3",
                "deploy approve ", "deploy rollback ", "deploy abort ");
        assertThat(box().waiting()).isEmpty();
        assertThat(box().answerTo(GATE)).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).singleElement().satisfies(n -> assertThat(n).startsWith("answered-1.1-"));
        }
    }

    @Test
    void rollbackFailsTheGateAsAnyFailedGateNamingWhoAsked() throws Exception {
        CompletableFuture<Void> answered = answerWhenWaiting(Approval.Answer.ROLLBACK, "deploy rollback");
        CommandTester.Run r = approve().run(gate());
        answered.join();
        assertThat(r.result().reason()).as(r.message()).isEqualTo(Gates.GATE_FAILED);
        assertThat(r.message()).startsWith("approval gate after web batch 1 of 3: rollback requested by alice@ctl1 at 2026-12-08T01:20:00Z"
                + " (deploy rollback), after waiting ");
    }

    @Test
    void abortFailsTheGateWithItsOwnReason() throws Exception {
        CompletableFuture<Void> answered = answerWhenWaiting(Approval.Answer.ABORT, "deploy abort");
        CommandTester.Run r = approve().run(gate());
        answered.join();
        assertThat(r.result().reason()).isEqualTo(Gates.GATE_ABORTED).isNotEqualTo(Gates.GATE_FAILED);
        assertThat(Gates.GATE_ABORTED.name()).isEqualTo("GATE_ABORTED");
        assertThat(r.message()).contains("abort requested by alice@ctl1");
    }

    @Test
    void anAnswerGivenBeforeTheGateRunsCountsAsAResumedRunFindsIt() throws Exception {
        box().answer(GATE, new Approval(Approval.Answer.ROLLBACK, "bob", "ctl2", AT, "deploy rollback"));
        CommandTester.Run r = approve().run(gate());
        assertThat(r.result().reason()).isEqualTo(Gates.GATE_FAILED);
        assertThat(r.message()).contains("rollback requested by bob@ctl2");
    }

    @Test
    void withoutAnAnswerTheTimeoutAppliesItsThen() throws Exception {
        CommandTester.Run r = approve().arg("timeout", 0.3).arg("then", "continue").run(gate());
        assertThat(r.result().outcome()).as(r.message()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.message()).isEqualTo("approved after web batch 1 of 3: nobody answered within 0.3s, then: continue (the gate's timeout)");

        r = approve().arg("timeout", 0.2).arg("then", "abort").run(gate());
        assertThat(r.result().reason()).isEqualTo(Gates.GATE_ABORTED);
        assertThat(r.message()).contains("nobody answered within 0.2s, then: abort");
        assertThat(box().waiting()).isEmpty();
    }

    @Test
    void aStopEndsTheWaitAsInterruptedAndTheGateNoLongerWaits() throws Exception {
        AtomicReference<Boolean> sawWaiting = new AtomicReference<>(false);
        CommandTester.Run r = approve().stopWhen(() -> {
            try {
                if (!box().waiting().isEmpty()) {
                    sawWaiting.set(true);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return sawWaiting.get();
        }).run(gate());
        assertThat(r.result().reason()).isEqualTo(FailureReason.INTERRUPTED);
        assertThat(r.message()).contains("approval gate after web batch 1 of 3: stopped after", "the run is stopping");
        assertThat(box().waiting()).isEmpty();
    }

    @Test
    void badArgumentsAreProblemsBeforeAnythingWaits() {
        assertThat(approve().arg("timeout", 60).arg("then", "maybe").problems())
                .anySatisfy(p -> assertThat(p).contains("argument 'then': expected continue, rollback or abort, got 'maybe'"));
        assertThat(approve().arg("then", "abort").problems())
                .anySatisfy(p -> assertThat(p).contains("argument 'then' without 'timeout'"));
        assertThat(approve().arg("timeout", 60).problems())
                .anySatisfy(p -> assertThat(p).contains("argument 'timeout' without 'then'"));
        assertThat(approve().arg("timeout", 0).arg("then", "abort").problems())
                .anySatisfy(p -> assertThat(p).contains("argument 'timeout': expected more than 0 seconds"));
        assertThat(approve().arg("timeout", 60).arg("then", "abort").problems()).isEmpty();
    }
}
