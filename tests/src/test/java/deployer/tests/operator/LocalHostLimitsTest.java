package deployer.tests.operator;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * execute_command tasks over local:h1…local:h3 record their own start and end; the records, not the engine's
 * word, show that concurrency 4 and concurrency_per_host 2 were both reached and never exceeded.
 */
class LocalHostLimitsTest {

    record Event(long nanos, boolean start, String host) {
    }

    @Test
    void bothLimitsAreReachedAndNeverExceededOnLocalHosts(@TempDir Path work) throws IOException {
        Path records = work.resolve("records.txt");
        StringBuilder tasks = new StringBuilder();
        // Three hosts with six tasks each under 4 and 2: the global limit binds, and with three hosts for four
        // slots one host must run two at once, so the per-host limit is reached too.
        for (int h = 1; h <= 3; h++) {
            for (int t = 1; t <= 6; t++) {
                String host = "h" + h;
                String shell = "echo start $(date +%s%N) " + host + " >> " + records
                        + "; sleep 0.4; echo end $(date +%s%N) " + host + " >> " + records;
                tasks.append(tasks.length() == 0 ? "" : ",\n")
                        .append("{\"command\": \"execute_command\", \"remote_host\": \"local:").append(host)
                        .append("\", \"shell\": \"").append(shell).append("\"}");
            }
        }
        Path plan = Files.writeString(work.resolve("plan.json"), """
                {"name": "limits", "stages": [
                  {"name": "fan out", "concurrency": 4, "concurrency_per_host": 2, "tasks": [
                %s
                  ]}
                ]}
                """.formatted(tasks));

        CliProcess.Result r = CliProcess.deploy(work, "--tasklist", plan.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();

        List<Event> events = new ArrayList<>();
        for (String line : Files.readAllLines(records)) {
            String[] f = line.split(" ");
            events.add(new Event(Long.parseLong(f[1]), f[0].equals("start"), f[2]));
        }
        assertThat(events).hasSize(36);
        // At equal times an end sorts first: touching intervals do not overlap.
        events.sort(Comparator.comparingLong(Event::nanos).thenComparing(e -> e.start()));
        int running = 0;
        int maxRunning = 0;
        int maxOnAHost = 0;
        Map<String, Integer> perHost = new HashMap<>();
        for (Event e : events) {
            int d = e.start() ? 1 : -1;
            running += d;
            int onHost = perHost.merge(e.host(), d, Integer::sum);
            maxRunning = Math.max(maxRunning, running);
            maxOnAHost = Math.max(maxOnAHost, onHost);
        }
        assertThat(maxRunning).as("max tasks running at once").isEqualTo(4);
        assertThat(maxOnAHost).as("max tasks running at once on one host").isEqualTo(2);
    }
}
