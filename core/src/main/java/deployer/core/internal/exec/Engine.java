package deployer.core.internal.exec;

import deployer.core.exec.PlannedStage;
import deployer.core.exec.PlannedTask;
import deployer.core.exec.Run;
import deployer.core.exec.RunListener;
import deployer.core.exec.RunReport;
import deployer.core.exec.ValidatedPlan;

import deployer.core.internal.journal.ResumePoint;
import deployer.core.exec.FailureHandler;
import deployer.core.exec.policy.TaskPolicies;
import deployer.core.exec.policy.TaskPolicy;
import deployer.core.internal.host.HostPool;
import deployer.core.json.TasklistReader;
import deployer.core.model.HostAddress;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.core.model.RunId;
import deployer.core.model.Redaction;
import deployer.core.model.Stage;
import deployer.core.model.StagePolicy;
import deployer.core.model.StageItem;
import deployer.core.model.Task;
import deployer.core.model.TaskId;
import deployer.core.model.Tasklist;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.Secrets;
import deployer.core.model.SecretReference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Validates a whole tasklist (builds and initializes every command; reports every problem; runs nothing if there
 * is one) into a {@link ValidatedPlan}, and starts {@link Run}s of such plans. Holds no run state and no global
 * state: several Executors may live in one JVM, and one Engine may start any number of runs.
 */
public final class Engine {

    /** The logger of the engine\'s lines: the spec\'s log format names it {@code Executor}. */
    public static final String LOGGER = "deployer.core.Executor";

    private final CommandRegistry commands;
    private final List<RunListener> listeners;
    private final Secrets secrets;

    public Engine(CommandRegistry commands, List<RunListener> listeners) {
        this(commands, listeners, Secrets.NONE);
    }

    /**
     * @param secrets the secrets of the environment the runs are for: validation checks each {@code ${secret:NAME}}
     *                of a task against them, and a run fills the values in just before the task executes
     */
    public Engine(CommandRegistry commands, List<RunListener> listeners, Secrets secrets) {
        this.commands = commands;
        this.listeners = List.copyOf(listeners);
        this.secrets = secrets;
    }

    /**
     * Builds and initializes every command of the tasklist.
     *
     * @param remoteHostsAllowed whether SSH hosts can be reached in this run
     * @throws InvalidInputException with every problem found, in tasklist order
     */
    public ValidatedPlan validate(Tasklist tasklist, boolean remoteHostsAllowed) throws InvalidInputException {
        return validate(new TasklistReader.Read(tasklist, List.of(), Set.of(), Set.of()), remoteHostsAllowed);
    }

    /**
     * Validates what a {@link TasklistReader} could read of a file: the problems of its structure (a bad stage key,
     * a mistyped task key) and those of every command it could read are reported together, so a stage error does not
     * hide the errors of its tasks.
     */
    public ValidatedPlan validate(TasklistReader.Read read, boolean remoteHostsAllowed) throws InvalidInputException {
        // A plan saved before a command's rename runs under the new name; the warning comes once per old name.
        CommandNames.Renamed renamed = CommandNames.current(read.tasklist(), commands);
        renamed.warnings().forEach(w -> org.slf4j.LoggerFactory.getLogger(LOGGER).warn("{}", w));
        read = read.withTasklist(renamed.tasklist());
        Tasklist tasklist = read.tasklist();
        List<Problem> problems = new ArrayList<>(read.problems());
        List<PlannedStage> stages = new ArrayList<>();
        if (tasklist.stages().isEmpty() && read.problems().isEmpty()) {
            problems.add(new Problem(tasklist.source(), "the tasklist has no stages"));
        }
        for (int s = 0; s < tasklist.stages().size(); s++) {
            Stage stage = tasklist.stages().get(s);
            List<PlannedStage.Lane> lanes = new ArrayList<>();
            if (stage.items().isEmpty() && !read.stagesWithoutTasks().contains(s + 1)) {
                problems.add(new Problem(stage.location() + " stage " + (s + 1) + " '" + stage.name() + "'", "the stage has no tasks"));
            }
            for (int i = 0; i < stage.items().size(); i++) {
                StageItem item = stage.items().get(i);
                List<PlannedTask> lane = new ArrayList<>();
                for (int l = 0; l < item.links().size(); l++) {
                    TaskId id = new TaskId(s + 1, i + 1, item instanceof StageItem.Single ? 0 : l + 1);
                    if (read.unreadableTasks().contains(id)) {
                        continue;
                    }
                    PlannedTask planned = plan(item.links().get(l), id, remoteHostsAllowed, problems);
                    if (planned != null) {
                        lane.add(planned);
                    }
                }
                lanes.add(new PlannedStage.Lane(lane));
            }
            stages.add(new PlannedStage(s + 1, stage, lanes));
        }
        checkRollouts(tasklist, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new ValidatedPlan(tasklist, stages);
    }

    /** The batch stages of one rollout share one failure budget, so they must state the same one. */
    private static void checkRollouts(Tasklist tasklist, List<Problem> problems) {
        Map<String, Integer> first = new HashMap<>();
        for (int s = 0; s < tasklist.stages().size(); s++) {
            Stage stage = tasklist.stages().get(s);
            StagePolicy p = stage.policy();
            if (p.rollout() == null) {
                continue;
            }
            Integer f = first.putIfAbsent(p.rollout(), s);
            if (f == null) {
                continue;
            }
            StagePolicy q = tasklist.stages().get(f).policy();
            if (!Objects.equals(p.maxFailures(), q.maxFailures()) || !Objects.equals(p.maxFailPercentage(), q.maxFailPercentage())) {
                problems.add(new Problem(stage.location() + " stage " + (s + 1) + " '" + stage.name() + "'", "rollout '" + p.rollout()
                        + "' has " + budget(p) + " here but " + budget(q) + " in stage " + (f + 1) + " '"
                        + tasklist.stages().get(f).name() + "'; its stages share one failure budget, so give them the same limits"));
            }
        }
    }

    private static String budget(StagePolicy p) {
        return "max_failures " + (p.maxFailures() == null ? "(none)" : p.maxFailures())
                + ", max_fail_percentage " + (p.maxFailPercentage() == null ? "(none)" : p.maxFailPercentage());
    }

    private PlannedTask plan(Task task, TaskId id, boolean remoteHostsAllowed, List<Problem> problems) {
        String where = task.location() + " task " + id;
        HostAddress host;
        try {
            host = task.host();
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(where, "remote_host: " + e.getMessage()));
            return null;
        }
        if (host.user() != null && task.remoteUser() != null && !host.user().equals(task.remoteUser())) {
            problems.add(new Problem(where, "remote_user '" + task.remoteUser() + "' contradicts the user '" + host.user()
                    + "' in remote_host '" + host.key() + "'; give the login user once"));
        }
        if (!host.local() && !remoteHostsAllowed) {
            problems.add(new Problem(where, "remote_host '" + host.key() + "' needs SSH, which this run cannot use;"
                    + " use local or local:NAME"));
        }
        Command command = commands.create(task.command()).orElse(null);
        if (command == null) {
            problems.add(new Problem(where, "unknown command '" + task.command() + "'; known commands: "
                    + String.join(", ", commands.names())));
            return null;
        }
        String at = where + " (" + task.command() + ")";
        TaskPolicy policy = TaskPolicies.read(task, task.command(), command.idempotent(), p -> problems.add(new Problem(at, p)));
        Arguments args = new Arguments(task, id, secrets.names(), command.arguments());
        try {
            command.initialize(args);
        } catch (RuntimeException e) {
            args.problem("initialize failed: " + e);
        }
        task.arguments().forEach((key, value) -> SecretReference.names(value).stream()
                .filter(name -> secrets.get(name).isEmpty())
                .forEach(name -> problems.add(new Problem(at, "argument '" + key + "': " + secrets.unknown(name)))));
        // A problem may quote an argument's value ("got string ..."): a sensitive one is masked there too.
        Redaction redaction = Redaction.of(task);
        args.problems().forEach(p -> problems.add(redaction.mask(p)));
        for (String unknown : args.unused()) {
            if (!Task.ENGINE_KEYS.contains(unknown)) {
                problems.add(new Problem(where + " (" + task.command() + ")", "unknown argument '" + unknown
                        + "'; '" + task.command() + "' takes: " + String.join(", ", new java.util.TreeSet<>(args.used()))));
            }
        }
        return new PlannedTask(id, task, host, command, policy);
    }

    /**
     * A run of a validated plan on the given hosts, not started yet (so that a Ctrl-C handler can be installed on it
     * first): the one way to make a {@link Run}. Each run holds its own state: the Engine can start any number of
     * runs, one after another or at once. The caller owns and closes {@code hosts}.
     *
     * @param options the run's own listeners (after the Engine's), resume point, failure handler, dry run
     */
    public Run newRun(ValidatedPlan plan, HostPool hosts, RunId runId, RunOptions options) {
        List<RunListener> all = new ArrayList<>(listeners);
        all.addAll(options.listeners());
        return new PlanRun(plan, hosts, runId, new RunEvents(all), new SecretBinding(commands, secrets), options);
    }

    /** @param extra listeners of this run only (its journal, say), after the Engine's own */
    public Run newRun(ValidatedPlan plan, HostPool hosts, RunId runId, List<RunListener> extra) {
        return newRun(plan, hosts, runId, RunOptions.DEFAULT.withListeners(extra));
    }

    /** A run that resumes where an earlier one left off: tasks {@code resume} says are done are not run again. */
    public Run newRun(ValidatedPlan plan, HostPool hosts, RunId runId, List<RunListener> extra, ResumePoint resume) {
        return newRun(plan, hosts, runId, RunOptions.DEFAULT.withListeners(extra).resuming(resume));
    }

    /** A run whose failures {@code failureHandler} judges (the interactive one asks the operator on a tty). */
    public Run newRun(ValidatedPlan plan, HostPool hosts, RunId runId, List<RunListener> extra, ResumePoint resume,
                      FailureHandler failureHandler) {
        return newRun(plan, hosts, runId, RunOptions.DEFAULT.withListeners(extra).resuming(resume).judgedBy(failureHandler));
    }

    /**
     * A preview of a plan ({@code deploy --dry-run --diff}): only the tasks whose command {@link
     * Command#previews() previews} run, each with a dry-run context, so nothing changes; what each
     * would change is its result's message. Stages and chains keep their order; stages left empty are dropped.
     */
    public Run newDryRun(ValidatedPlan plan, HostPool hosts, RunId runId) {
        List<PlannedStage> stages = new ArrayList<>();
        for (PlannedStage ps : plan.stages()) {
            List<PlannedStage.Lane> lanes = new ArrayList<>();
            for (PlannedStage.Lane lane : ps.lanes()) {
                List<PlannedTask> previews = lane.links().stream().filter(t -> t.command() != null && t.command().previews()).toList();
                if (!previews.isEmpty()) {
                    lanes.add(new PlannedStage.Lane(previews));
                }
            }
            if (!lanes.isEmpty()) {
                stages.add(new PlannedStage(ps.number(), ps.stage(), lanes));
            }
        }
        return newRun(new ValidatedPlan(plan.tasklist(), stages), hosts, runId, RunOptions.DEFAULT.asDryRun());
    }

    /** Runs a validated plan to its end under a fresh run id; the caller owns and closes {@code hosts}. */
    public RunReport run(ValidatedPlan plan, HostPool hosts) {
        return run(plan, hosts, RunId.create());
    }

    public RunReport run(ValidatedPlan plan, HostPool hosts, RunId runId) {
        return newRun(plan, hosts, runId, List.of()).start().await();
    }
}
