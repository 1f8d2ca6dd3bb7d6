package deployer.core.exec;

import deployer.core.model.Stage;
import deployer.core.model.StageItem;
import deployer.core.model.Task;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunEventsTest {

    private static final Stage STAGE = new Stage("s", 1, 0, List.of(StageItem.of(Task.builder("x").build())));

    /** Records the events it hears, in order. */
    static final class Recorder implements RunListener {
        final List<String> heard = new ArrayList<>();

        @Override
        public void stageStarted(int n, Stage stage) {
            heard.add("started " + n);
        }

        @Override
        public void stageSkipped(int n, Stage stage, String why) {
            heard.add("skipped " + n + ": " + why);
        }

        @Override
        public void warning(RunEvent.Severity severity, String message) {
            heard.add(severity + " " + message);
        }
    }

    @Test
    void aListenerThatThrowsIsReportedOnceAndDetachedWhileTheOthersHearEverythingInOrder() {
        Recorder before = new Recorder();
        Recorder after = new Recorder();
        int[] calls = {0};
        RunListener broken = new RunListener() {
            @Override
            public void stageStarted(int n, Stage stage) {
                calls[0]++;
                throw new IllegalStateException("report disk full");
            }
        };
        RunEvents events = new RunEvents(List.of(before, broken, after));

        events.publish(new RunEvent.StageStarted(Instant.now(), 1, STAGE));
        events.publish(new RunEvent.StageStarted(Instant.now(), 2, STAGE));
        events.publish(new RunEvent.StageSkipped(Instant.now(), 3, STAGE, "an earlier stage failed"));

        assertThat(calls[0]).isEqualTo(1);
        assertThat(events.listeners()).containsExactly(before, after);
        assertThat(after.heard).hasSize(4);
        assertThat(after.heard.get(0)).isEqualTo("started 1");
        assertThat(after.heard.get(1)).startsWith("ERROR run listener ").contains("failed and was detached");
        assertThat(after.heard.subList(2, 4)).containsExactly("started 2", "skipped 3: an earlier stage failed");
        assertThat(before.heard).isEqualTo(after.heard);
    }
}
