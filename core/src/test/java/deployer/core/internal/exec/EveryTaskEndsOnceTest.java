package deployer.core.internal.exec;

import deployer.core.exec.PlannedStage;
import deployer.core.exec.PlannedTask;
import deployer.core.exec.Run;
import deployer.core.exec.RunEvent;
import deployer.core.exec.RunListener;
import deployer.core.exec.RunReport;
import deployer.core.exec.TaskResult;
import deployer.core.exec.TaskStatus;
import deployer.core.exec.ValidatedPlan;
import deployer.core.internal.host.HostPool;

import deployer.core.internal.journal.JournalState;
import deployer.core.internal.journal.ResumePoint;
import deployer.core.exec.FailureHandler;
import deployer.core.exec.Verdict;
import deployer.core.json.TasklistReader;
import deployer.core.model.RunId;
import deployer.core.model.TaskId;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A property of every run (issue 20, defect 4): each task of the plan ends in exactly one {@link RunEvent.TaskFinished},
 * whatever happens — a halt, a stop, an abort (once, twice, in a finishing stage), a spent failure budget, a skip by
 * the command or the operator, retries, a resume. Plans and failure points come from a seeded {@link Random}, one
 * seed per case (plain JUnit, no property-testing library): a failing seed is named in the message and replays the
 * same plan and the same failure points. Stops and aborts are pressed by the tasks themselves, so no case sleeps.
 */
class EveryTaskEndsOnceTest {

    /** Cases per run; {@code -Dseeds=N} for a longer search. */
    private static final int SEEDS = Integer.getInteger("seeds", 400);
    private static final List<String> HOSTS = List.of("local:h1", "local:h2", "local:h3", "local:h4");
    /** The run each task belongs to, so that a task can press Ctrl-C on its own run. */
    private static final Map<RunId, Run> RUNS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    /** Does what its {@code does} argument says: see {@link #action}. */
    public static final class Act implements Command {
        private String does;
        private String key;

        @Override
        public String name() {
            return "act";
        }

        @Override
        public boolean idempotent() {
            return true;
        }

        @Override
        public boolean previews() {
            return true;
        }

        @Override
        public void initialize(Arguments args) {
            does = args.string("does");
            key = args.string("key");
        }

        @Override
        public CommandResult execute(CommandContext context) throws Exception {
            int attempt = ATTEMPTS.computeIfAbsent(context.runId().value() + " " + key, k -> new AtomicInteger()).incrementAndGet();
            return switch (does) {
                case "fail" -> new CommandResult(CommandResult.Outcome.FAILED, FailureReason.NON_ZERO_EXIT, "failed", List.of(), 1);
                case "flaky" -> attempt == 1 ? CommandResult.failed(FailureReason.NON_ZERO_EXIT, "flaky") : CommandResult.changed("ok");
                case "throw" -> throw new IllegalStateException("thrown by " + key);
                case "unreachable" -> throw new HostException(FailureReason.UNREACHABLE, context.host().name(), "connection refused");
                case "skip" -> CommandResult.skipped("nothing to do");
                case "stop" -> {
                    RUNS.get(context.runId()).stop();
                    yield CommandResult.succeeded();
                }
                case "abort" -> {
                    RUNS.get(context.runId()).abort();
                    yield CommandResult.failed(FailureReason.INTERRUPTED, "aborted");
                }
                default -> CommandResult.succeeded();
            };
        }
    }

    @Test
    void everyTaskOfARandomPlanEndsInExactlyOneTaskFinishedOnEveryPath() throws Exception {
        for (long seed = 1; seed <= SEEDS; seed++) {
            runCase(seed);
        }
    }

    private void runCase(long seed) throws Exception {
        Random random = new Random(seed);
        String json = randomPlan(random);
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        RunListener all = new RunListener() {
            @Override
            public void onEvent(RunEvent event) {
                events.add(event);
            }
        };
        Engine executor = new Engine(CommandRegistry.of(Act.class), List.of(all));
        ValidatedPlan plan = executor.validate(TasklistReader.read(json, "seed-" + seed + ".json"), false);
        String mode = pick(random, "policies", "policies", "operator", "resume", "dry run");
        RunId id = new RunId("seed-" + seed);
        RunReport report;
        try (HostPool hosts = HostPool.localOnly()) {
            Run run = switch (mode) {
                case "operator" -> executor.newRun(plan, hosts, id, List.of(), null, operator(seed));
                case "resume" -> executor.newRun(plan, hosts, id, List.of(), resumePoint(plan, random));
                case "dry run" -> executor.newDryRun(plan, hosts, id);
                default -> executor.newRun(plan, hosts, id, List.of());
            };
            RUNS.put(id, run);
            report = awaitOrFail(run, seed, json);
        } finally {
            RUNS.remove(id);
        }
        String what = describe(seed, mode, json);
        List<TaskId> planned = plan.stages().stream().flatMap(s -> s.tasks().stream()).map(PlannedTask::id).toList();
        List<TaskId> finished = events.stream().filter(RunEvent.TaskFinished.class::isInstance)
                .map(e -> ((RunEvent.TaskFinished) e).result().id()).toList();
        assertThat(finished).as(what + "\nTaskFinished per task").containsExactlyInAnyOrderElementsOf(planned);
        assertThat(ids(report.results())).as(what + "\nthe report").containsExactlyElementsOf(planned);
        // The stream's ends are the report's results, and a task's end comes after its every start.
        Map<TaskId, TaskResult> ended = new HashMap<>();
        Set<TaskId> started = new HashSet<>();
        for (RunEvent e : events) {
            if (e instanceof RunEvent.TaskStarted s) {
                assertThat(ended).as(what + "\n" + s.task().id() + " started after it ended").doesNotContainKey(s.task().id());
                started.add(s.task().id());
            } else if (e instanceof RunEvent.TaskFinished f) {
                ended.put(f.result().id(), f.result());
            }
        }
        assertThat(report.results()).as(what).allSatisfy(r -> assertThat(ended.get(r.id())).isEqualTo(r));
        assertThat(report.results()).as(what + "\na task that never started is NOT_RUN, SKIPPED or ALREADY_DONE")
                .filteredOn(r -> !started.contains(r.id()))
                .allSatisfy(r -> assertThat(r.status()).isIn(TaskStatus.NOT_RUN, TaskStatus.SKIPPED, TaskStatus.ALREADY_DONE));
        // Each stage either runs or is skipped, once, in plan order; the run starts first and finishes last.
        List<String> stageEvents = events.stream().map(e -> e instanceof RunEvent.StageStarted s ? "start " + s.number()
                : e instanceof RunEvent.StageSkipped s ? "skip " + s.number()
                : e instanceof RunEvent.StageFinished s ? "end " + s.number() : null).filter(s -> s != null).toList();
        List<String> expected = new ArrayList<>();
        for (PlannedStage ps : plan.stages()) {
            if (stageEvents.contains("skip " + ps.number())) {
                expected.add("skip " + ps.number());
            } else {
                expected.add("start " + ps.number());
                expected.add("end " + ps.number());
            }
        }
        assertThat(stageEvents).as(what).containsExactlyElementsOf(expected);
        assertThat(events.get(0)).as(what).isInstanceOf(RunEvent.RunStarted.class);
        assertThat(events.get(events.size() - 1)).as(what).isInstanceOf(RunEvent.RunFinished.class);
        assertThat(events.stream().filter(RunEvent.RunFinished.class::isInstance)).as(what).hasSize(1);
    }

    /** The run's report; a run that never ends fails the case with its seed instead of hanging the suite. */
    private static RunReport awaitOrFail(Run run, long seed, String json) throws Exception {
        CompletableFuture<RunReport> done = CompletableFuture.supplyAsync(run.start()::await);
        try {
            return done.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.abort();
            return fail("seed " + seed + ": the run did not end\n" + json);
        }
    }

    private static List<TaskId> ids(List<TaskResult> results) {
        return results.stream().map(TaskResult::id).toList();
    }

    private static String describe(long seed, String mode, String json) {
        return "seed " + seed + " (" + mode + ")\n" + json;
    }

    /**
     * One to four stages; each with its limits, lanes of one to three links on four hosts, a failure policy (stop, or
     * continue within a budget, alone or shared by a rollout), sometimes a finishing stage ({@code always}, or
     * {@code when: failed}); each task does something: mostly succeed, sometimes fail, throw, lose its host, skip
     * itself, need a retry, or press Ctrl-C once (stop) or twice (abort).
     */
    private static String randomPlan(Random random) {
        int stageCount = 1 + random.nextInt(4);
        Map<String, String> rolloutBudgets = new LinkedHashMap<>();
        List<String> stages = new ArrayList<>();
        int key = 0;
        for (int s = 1; s <= stageCount; s++) {
            StringBuilder stage = new StringBuilder("{\"name\": \"stage " + s + "\", \"concurrency\": " + (1 + random.nextInt(4)));
            if (random.nextBoolean()) {
                stage.append(", \"concurrency_per_host\": ").append(1 + random.nextInt(3));
            }
            int kind = random.nextInt(10);
            if (kind == 0) {
                stage.append(", \"always\": true");
            } else if (kind == 1) {
                stage.append(", \"when\": \"failed\"");
            }
            if (random.nextInt(3) == 0) {
                String budget = random.nextBoolean() ? "\"max_failures\": " + random.nextInt(3)
                        : "\"max_fail_percentage\": " + (random.nextBoolean() ? 100 : random.nextInt(101));
                if (random.nextBoolean()) {
                    String rollout = "r" + random.nextInt(2);
                    budget = rolloutBudgets.computeIfAbsent(rollout, r -> r.equals("r0") ? "\"max_failures\": 1" : "\"max_fail_percentage\": 50")
                            + ", \"rollout\": \"" + rollout + "\"";
                }
                stage.append(", \"on_failure\": \"continue\", ").append(budget);
            }
            List<String> lanes = new ArrayList<>();
            int laneCount = 1 + random.nextInt(5);
            for (int l = 0; l < laneCount; l++) {
                String host = HOSTS.get(random.nextInt(HOSTS.size()));
                int links = 1 + random.nextInt(3);
                List<String> tasks = new ArrayList<>();
                for (int k = 0; k < links; k++) {
                    String on = random.nextInt(5) == 0 ? HOSTS.get(random.nextInt(HOSTS.size())) : host;
                    String does = action(random);
                    String extra = does.equals("flaky") || random.nextInt(8) == 0 ? ", \"retries\": 1, \"retry_delay\": 0" : "";
                    tasks.add("{\"command\": \"act\", \"remote_host\": \"" + on + "\", \"does\": \"" + does + "\", \"key\": \"k" + (++key)
                            + "\"" + extra + "}");
                }
                lanes.add(links == 1 && random.nextBoolean() ? tasks.get(0) : "[" + String.join(", ", tasks) + "]");
            }
            stage.append(", \"tasks\": [").append(String.join(", ", lanes)).append("]}");
            stages.add(stage.toString());
        }
        return "{\"name\": \"random\", \"stages\": [\n  " + String.join(",\n  ", stages) + "\n]}";
    }

    private static String action(Random random) {
        int n = random.nextInt(100);
        return n < 62 ? "ok" : n < 74 ? "fail" : n < 78 ? "throw" : n < 82 ? "unreachable" : n < 87 ? "skip"
                : n < 91 ? "flaky" : n < 96 ? "stop" : "abort";
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** An operator at the tty who answers each failed attempt as the seed, the task and the attempt say. */
    private static FailureHandler operator(long seed) {
        FailureHandler policies = new PolicyFailureHandler();
        return (task, failure, attempt, taskPolicy, stagePolicy, idempotent, budget) -> {
            int answer = new Random(seed * 1_000_003L + task.id().hashCode() * 31L + attempt).nextInt(5);
            return switch (answer) {
                case 0 -> new Verdict.Skip("skipped by the operator");
                case 1 -> attempt < 3 ? new Verdict.Retry(Duration.ZERO, "retried by the operator") : new Verdict.Stop("gave up", "stopped");
                case 2 -> new Verdict.Continue("the operator went on without it");
                case 3 -> new Verdict.Stop("stopped by the operator", "stopped by the operator");
                default -> policies.onFailure(task, failure, attempt, taskPolicy, stagePolicy, idempotent, budget);
            };
        };
    }

    /** An earlier run's journal that says a random third of the tasks are done. */
    private static ResumePoint resumePoint(ValidatedPlan plan, Random random) {
        Map<TaskId, JournalState.TaskState> states = new HashMap<>();
        Set<TaskId> done = new HashSet<>();
        for (PlannedStage ps : plan.stages()) {
            for (PlannedTask t : ps.tasks()) {
                if (random.nextInt(3) == 0) {
                    states.put(t.id(), JournalState.TaskState.SUCCEEDED);
                    done.add(t.id());
                }
            }
        }
        JournalState journal = new JournalState(Path.of("earlier.journal"), "earlier", "sha", states, List.of());
        return new ResumePoint(journal, done);
    }
}
