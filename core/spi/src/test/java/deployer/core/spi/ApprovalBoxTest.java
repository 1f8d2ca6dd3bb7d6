package deployer.core.spi;

import deployer.core.model.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApprovalBoxTest {

    @TempDir
    Path dir;

    static final TaskId GATE = TaskId.of(3, 1);
    static final Instant AT = Instant.parse("2026-12-08T01:20:00Z");

    @Test
    void anAnswerWrittenIsReadBackWithWhoWhenAndWhere() throws Exception {
        ApprovalBox box = new ApprovalBox(dir.resolve("approvals"));
        box.answer(GATE, new Approval(Approval.Answer.ROLLBACK, "alice", "ctl1", AT, "deploy rollback"));

        Optional<Approval> read = box.answerTo(GATE);
        assertThat(read).contains(new Approval(Approval.Answer.ROLLBACK, "alice", "ctl1", AT, "deploy rollback"));
        assertThat(read.get().signedOff()).isEqualTo("rollback requested by alice@ctl1 at 2026-12-08T01:20:00Z (deploy rollback)");
        assertThat(box.answerTo(TaskId.of(5, 1))).isEmpty();
        // Only the owner reads who answered what.
        Path file = dir.resolve("approvals").resolve("answer-3.1.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aSecondAnswerToTheSameGateIsRefusedNamingTheFirst() throws Exception {
        ApprovalBox box = new ApprovalBox(dir);
        box.answer(GATE, new Approval(Approval.Answer.CONTINUE, "alice", "ctl1", AT, "deploy approve"));
        assertThatThrownBy(() -> box.answer(GATE, new Approval(Approval.Answer.ABORT, "bob", "ctl2", AT, "deploy abort")))
                .isInstanceOf(ApprovalBox.AlreadyAnswered.class)
                .hasMessageContaining("already answered: continue requested by alice@ctl1");
        assertThat(box.answerTo(GATE).orElseThrow().answer()).isEqualTo(Approval.Answer.CONTINUE);
    }

    @Test
    void theWaitingMarkerSaysWhichGateWaitsAndGoesWhenTheGateIsDone() throws Exception {
        ApprovalBox box = new ApprovalBox(dir);
        assertThat(box.waiting()).isEmpty();
        box.startWaiting(new ApprovalBox.Waiting(GATE, "demo-web batch 1 of 3", 4242, "ctl1", AT));
        assertThat(box.waiting()).containsExactly(new ApprovalBox.Waiting(GATE, "demo-web batch 1 of 3", 4242, "ctl1", AT));

        box.answer(GATE, new Approval(Approval.Answer.CONTINUE, "alice", "ctl1", AT, "deploy approve"));
        box.doneWaiting(GATE);
        assertThat(box.waiting()).isEmpty();
        // A used answer is kept (who said what stays on record) but no longer answers the gate: a resume asks again.
        assertThat(box.answerTo(GATE)).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).singleElement()
                    .satisfies(n -> assertThat(n).startsWith("answered-3.1-").endsWith(".json"));
        }
    }

    @Test
    void aReaderNeverSeesAHalfWrittenRecordAndNoTemporaryFileStays() throws Exception {
        ApprovalBox box = new ApprovalBox(dir);
        // A large record, so that a write in place would be seen half done.
        String via = "x".repeat(256 * 1024);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Throwable> failures = new ArrayList<>();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    box.answer(GATE, new Approval(Approval.Answer.ABORT, "u" + i, "h", AT, via));
                    box.doneWaiting(GATE);
                }
            } catch (Throwable t) {
                failures.add(t);
            } finally {
                writing.set(false);
            }
        });
        writer.start();
        while (writing.get()) {
            Optional<Approval> a = box.answerTo(GATE);
            if (a.isPresent()) {
                assertThat(a.get().via()).hasSize(via.length());
            }
        }
        writer.join();
        assertThat(failures).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).hasSize(100).allMatch(n -> n.startsWith("answered-3.1-"));
        }
    }

    @Test
    void aRecordThatIsNotOneIsAnErrorNamingTheFile() throws Exception {
        Files.writeString(dir.resolve("answer-3.1.json"), "{\"answer\": \"maybe\"}");
        assertThatThrownBy(() -> new ApprovalBox(dir).answerTo(GATE))
                .hasMessageContaining(dir.resolve("answer-3.1.json").toString()).hasMessageContaining("maybe");
    }
}
