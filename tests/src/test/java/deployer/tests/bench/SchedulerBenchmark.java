package deployer.tests.bench;

import deployer.core.internal.exec.JobQueue;
import deployer.core.exec.PlannedTask;
import deployer.core.exec.TaskResult;
import deployer.core.exec.TaskStatus;
import deployer.core.model.HostAddress;
import deployer.core.model.Task;
import deployer.core.model.TaskId;
import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's scheduling and loading costs, without SSH: (1) makespan against its lower bound, on a virtual
 * clock (the real JobQueue driven by a simulated executor, so the numbers are exact and repeatable), (2) no-op
 * tasks per second through the queue on real threads, (3) load + validate of a 100,000-task tasklist in a fresh
 * JVM (the CLI's own path), with its peak heap and RSS. BENCHMARKS.md has the command and the results.
 */
class SchedulerBenchmark {

    private static final StringBuilder REPORT = new StringBuilder();
    private static final Instant VIRTUAL_EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private static PlannedTask task(int item, String host) {
        String remote = "local:" + host;
        return new PlannedTask(TaskId.of(1, item), Task.builder("test_command").host(remote).build(), HostAddress.parse(remote), null);
    }

    private static TaskResult ok(PlannedTask t) {
        return new TaskResult(t.id(), "test_command", t.hostKey(), null, TaskStatus.SUCCEEDED, null, "", List.of(), null, null);
    }

    /** A stage on a virtual clock: each handed-out job finishes after its task's duration. */
    static double simulate(List<List<PlannedTask>> lanes, Map<PlannedTask, Double> seconds, int c, int ch, ToDoubleFunction<PlannedTask> cost) {
        record Running(double end, long seq, JobQueue.Job job) {
        }
        PriorityQueue<Running> running = new PriorityQueue<>((a, b) -> a.end != b.end ? Double.compare(a.end, b.end) : Long.compare(a.seq, b.seq));
        double[] now = {0};
        long[] seq = {0};
        java.util.concurrent.Executor clock = r -> {
            JobQueue.Job job = (JobQueue.Job) r;
            running.add(new Running(now[0] + seconds.get(job.task()), seq[0]++, job));
        };
        // The results carry the virtual start and end, as a real run's carry the real ones: the queue learns from them.
        JobQueue.TaskRunner runner = t -> {
            Instant end = VIRTUAL_EPOCH.plusNanos(Math.round(now[0] * 1e9));
            Instant start = end.minusNanos(Math.round(seconds.get(t) * 1e9));
            return new TaskResult(t.id(), "test_command", t.hostKey(), null, TaskStatus.SUCCEEDED, null, "", List.of(), start, end);
        };
        CompletableFuture<List<TaskResult>> done = new JobQueue(c, ch, lanes, runner, clock, cost).start();
        while (!running.isEmpty()) {
            Running next = running.poll();
            now[0] = next.end;
            next.job().run();
        }
        assertThat(done).isCompleted();
        return now[0];
    }

    /** max(total work / C, the busiest host's work / c_h, the longest task): no schedule can beat it. */
    static double lowerBound(List<List<PlannedTask>> lanes, Map<PlannedTask, Double> seconds, int c, int ch) {
        double total = 0;
        double longest = 0;
        Map<String, Double> perHost = new HashMap<>();
        for (List<PlannedTask> lane : lanes) {
            for (PlannedTask t : lane) {
                double d = seconds.get(t);
                total += d;
                longest = Math.max(longest, d);
                perHost.merge(t.hostKey(), d, Double::sum);
            }
        }
        double busiest = perHost.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return Math.max(Math.max(total / c, busiest / ch), longest);
    }

    @Test
    void makespanAgainstTheLowerBound() throws IOException {
        REPORT.append("## Makespan / lower bound (virtual clock)\n\n")
                .append("| workload | C | c_h | tasks | lower bound | makespan (task counts) | ratio | makespan (duration hints) | ratio |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        // The example: light hosts listed first, heavy hosts last.
        {
            List<List<PlannedTask>> lanes = new ArrayList<>();
            Map<PlannedTask, Double> seconds = new IdentityHashMap<>();
            int item = 1;
            for (int h = 0; h < 20; h++) {
                for (int i = 0; i < 6; i++) {
                    PlannedTask t = task(item++, "light" + h);
                    lanes.add(List.of(t));
                    seconds.put(t, 0.2);
                }
            }
            for (int h = 0; h < 4; h++) {
                for (int i = 0; i < 8; i++) {
                    PlannedTask t = task(item++, "heavy" + h);
                    lanes.add(List.of(t));
                    seconds.put(t, 1.0);
                }
            }
            row("20 light hosts × 6 × 0.2 s, then 4 heavy × 8 × 1.0 s", lanes, seconds, 12, 2);
        }
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            List<List<PlannedTask>> lanes = new ArrayList<>();
            Map<PlannedTask, Double> seconds = new IdentityHashMap<>();
            // 500 hosts, 10,000 tasks: most hosts fast, some slow, a few very slow; counts skewed too.
            double[] hostSpeed = new double[500];
            for (int h = 0; h < 500; h++) {
                int kind = random.nextInt(20);
                hostSpeed[h] = kind == 0 ? 8.0 : kind < 5 ? 3.0 : 1.0;
            }
            for (int item = 1; item <= 10_000; item++) {
                int h = random.nextInt(3) == 0 ? random.nextInt(50) : random.nextInt(500);
                PlannedTask t = task(item, "h" + h);
                lanes.add(List.of(t));
                seconds.put(t, hostSpeed[h] * (0.2 + random.nextDouble()));
            }
            row("500 hosts, 10,000 tasks, mixed durations, seed " + seed, lanes, seconds, 64, 4);
        }
        write();
    }

    private static void row(String name, List<List<PlannedTask>> lanes, Map<PlannedTask, Double> seconds, int c, int ch) {
        double lb = lowerBound(lanes, seconds, c, ch);
        double counts = simulate(lanes, seconds, c, ch, t -> 1.0);
        double hints = simulate(lanes, seconds, c, ch, seconds::get);
        String line = String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f s | %.2f s | %.3f | %.2f s | %.3f |%n",
                name, c, ch, lanes.size(), lb, counts, counts / lb, hints, hints / lb);
        System.out.print(line);
        REPORT.append(line);
    }

    @Test
    void noOpTasksPerSecondThroughTheQueue() throws Exception {
        REPORT.append("\n## No-op tasks through the queue\n\n| executor | tasks | best of 5 | tasks/s |\n|---|---|---|---|\n");
        List<List<PlannedTask>> lanes = new ArrayList<>();
        for (int i = 1; i <= 100_000; i++) {
            lanes.add(List.of(task(i, "h" + (i % 500))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            long best = Long.MAX_VALUE;
            for (int run = 0; run < 6; run++) {
                long t0 = System.nanoTime();
                List<TaskResult> results = new JobQueue(64, 4, lanes, SchedulerBenchmark::ok, pool).start().get(5, TimeUnit.MINUTES);
                long t = System.nanoTime() - t0;
                assertThat(results).hasSize(100_000);
                best = run == 0 ? best : Math.min(best, t);   // the first run warms the JIT
            }
            throughputRow("64 real threads (C=64, c_h=4, 500 hosts)", best);
        } finally {
            pool.shutdownNow();
        }
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 6; run++) {
            java.util.ArrayDeque<Runnable> pending = new java.util.ArrayDeque<>();
            long t0 = System.nanoTime();
            CompletableFuture<List<TaskResult>> done = new JobQueue(64, 4, lanes, SchedulerBenchmark::ok, pending::add).start();
            while (!pending.isEmpty()) {
                pending.poll().run();
            }
            long t = System.nanoTime() - t0;
            assertThat(done.join()).hasSize(100_000);
            best = run == 0 ? best : Math.min(best, t);
        }
        throughputRow("one thread, jobs run in turn (the queue's own cost)", best);
        write();
    }

    private static void throughputRow(String name, long nanos) {
        String line = String.format(Locale.ROOT, "| %s | 100,000 | %.3f s | %,.0f |%n", name, nanos / 1e9, 100_000 / (nanos / 1e9));
        System.out.print(line);
        REPORT.append(line);
    }

    @Test
    void loadAndValidateAHundredThousandTaskTasklist(@TempDir Path dir) throws IOException {
        StringBuilder json = new StringBuilder("{\"name\": \"big\", \"stages\": [{\"name\": \"s\", \"concurrency\": 64, \"concurrency_per_host\": 4, \"tasks\": [\n");
        for (int i = 1; i <= 100_000; i++) {
            // execute_command, not test_command: the spec's test_command logs a line when initialized.
            json.append("  {\"command\": \"execute_command\", \"remote_host\": \"local:h").append(i % 500)
                    .append("\", \"shell\": \"echo task ").append(i).append("\"}").append(i < 100_000 ? ",\n" : "\n");
        }
        json.append("]}]}\n");
        Path plan = dir.resolve("big.json");
        Files.writeString(plan, json);
        REPORT.append("\n## Load + validate a 100,000-task tasklist (fresh JVM)\n\n| run | read (wall, main thread CPU) | validate (wall, CPU) | heap used after | peak RSS | tasklist size |\n|---|---|---|---|---|---|\n");
        for (int run = 1; run <= 3; run++) {
            CliProcess.Result r = CliProcess.run(LoadValidateProbe.class.getName(), dir.resolve("run" + run), Duration.ofMinutes(2), plan.toString());
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            String line = "| " + run + " | " + r.stdout().trim() + " | " + Files.size(plan) / 1024 / 1024 + " MiB |\n";
            System.out.print(line);
            REPORT.append(line);
        }
        write();
    }

    private static void write() throws IOException {
        Path out = Path.of("target", "bench", "scheduler.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, REPORT);
    }
}
