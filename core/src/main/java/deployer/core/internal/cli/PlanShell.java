package deployer.core.internal.cli;

import deployer.core.internal.exec.Engine;
import deployer.core.exec.PlannedStage;
import deployer.core.exec.PlannedTask;
import deployer.core.exec.Run;
import deployer.core.exec.RunReport;
import deployer.core.exec.ValidatedPlan;
import deployer.core.internal.journal.Journal;
import deployer.core.internal.journal.TasklistHash;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Redaction;
import deployer.core.model.Stage;
import deployer.core.model.StageItem;
import deployer.core.model.TaskId;
import deployer.core.model.Tasklist;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code deploy shell}: a shell over a validated plan, like a file system of stages and tasks. {@code ls} lists
 * where you are (the stages; a stage's tasks; a chain's links; a task's arguments), {@code cd} moves ({@code cd 2},
 * {@code cd 2.1}, {@code cd 2.1.3} — a chain's link —, {@code cd ..}, {@code cd /}), {@code show} describes a stage,
 * chain or task, {@code run} runs one stage, chain or task (its own small plan through the Engine, with the run's
 * hosts, log, journal and summary; its tasks keep their ids in the plan), {@code hosts} lists the hosts
 * and how many tasks each has. Tab completes commands and the names of stages and tasks; history is kept between
 * sessions, beside the journal. Sensitive values show masked.
 */
final class PlanShell {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.LOGGER);
    private static final List<String> COMMANDS = List.of("ls", "cd", "show", "run", "hosts", "help", "exit");

    private final Preparation p;
    private final ValidatedPlan plan;
    private final Path journalPath;
    private PrintStream out;
    private LineReader reader;
    /** Where we are: 0 for the plan itself, else a stage number; with {@code task}, one of its chains or tasks. */
    private int stage;
    private TaskId task;

    PlanShell(Preparation p, Path journalPath) {
        this.p = p;
        this.plan = p.plan;
        this.journalPath = journalPath;
    }

    int run(Path historyFile) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).graphemeCluster(false).build()) {
            if (terminal.getWidth() <= 0) {
                // A terminal that does not know its size (a fresh pty) would cut every prompt to nothing.
                terminal.setSize(new org.jline.terminal.Size(80, 24));
            }
            out = new PrintStream(terminal.output(), true, terminal.encoding());
            reader = LineReaderBuilder.builder().terminal(terminal).appName("deploy shell")
                    .completer((r, line, candidates) -> complete(line.words(), line.wordIndex(), candidates))
                    .variable(LineReader.HISTORY_FILE, historyFile)
                    .build();
            out.println("Plan " + plan.tasklist().name() + ": " + plan.stages().size() + " stages, " + plan.taskCount()
                    + " tasks. Commands: " + String.join(", ", COMMANDS) + " (Tab completes).");
            while (true) {
                String line;
                try {
                    line = reader.readLine("deploy:" + where() + "> ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return 0;
                }
                List<String> words = List.of(line.trim().split("\\s+"));
                if (words.get(0).isEmpty()) {
                    continue;
                }
                if (words.get(0).equals("exit") || words.get(0).equals("quit")) {
                    return 0;
                }
                try {
                    execute(words.get(0), words.size() > 1 ? words.get(1) : null);
                } catch (IllegalArgumentException e) {
                    out.println(e.getMessage());
                }
                out.flush();
            }
        }
    }

    private String where() {
        if (task == null) {
            return stage == 0 ? "/" : "/" + stage;
        }
        return "/" + stage + (task.isChainLink() ? "/" + chainOf(task) : "") + "/" + task;
    }

    /** The chain a link belongs to, by the id the chain has in its stage ({@code 2.1} of {@code 2.1.3}). */
    private static TaskId chainOf(TaskId link) {
        return TaskId.of(link.stage(), link.item());
    }

    private void execute(String command, String arg) {
        switch (command) {
            case "ls" -> ls(arg);
            case "cd" -> cd(arg);
            case "show" -> show(arg);
            case "run" -> runPart(arg);
            case "hosts" -> hosts();
            case "help" -> out.println("ls [X] · cd X|..|/ · show [X] · run [X] · hosts · exit — X is a stage number (2), a task or"
                    + " chain id (2.1) or a chain's link (2.1.3)");
            default -> out.println("unknown command '" + command + "'; commands: " + String.join(", ", COMMANDS));
        }
    }

    /** A stage number with, optionally, the id of one of its chains or tasks. */
    private record Target(int stage, TaskId task) {
    }

    private Target resolve(String arg) {
        if (arg == null) {
            return new Target(stage, task);
        }
        if (arg.equals("/")) {
            return new Target(0, null);
        }
        if (arg.equals("..")) {
            return task != null && task.isChainLink() ? new Target(stage, chainOf(task))
                    : task != null ? new Target(stage, null) : new Target(0, null);
        }
        if (arg.matches("\\d+")) {
            int n = Integer.parseInt(arg);
            stageAt(n);
            return new Target(n, null);
        }
        TaskId id;
        try {
            id = TaskId.parse(arg);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + arg + "' is neither a stage number nor a task id (such as 1.2, or 1.2.3 for a chain's link)");
        }
        laneAt(id);
        return new Target(id.stage(), id);
    }

    /**
     * What an id names: a single task (one link), a chain (all its links: {@code 2.1} of a chain) or one link of a
     * chain ({@code 2.1.3}).
     */
    private List<PlannedTask> laneAt(TaskId id) {
        PlannedStage s = stageAt(id.stage());
        Optional<PlannedStage.Lane> lane = s.lanes().stream().filter(l -> l.links().get(0).id().item() == id.item()).findFirst();
        if (lane.isEmpty()) {
            throw new IllegalArgumentException("no task " + id + " in stage " + id.stage() + "; its tasks are " + id.stage()
                    + ".1 to " + id.stage() + "." + s.lanes().size());
        }
        List<PlannedTask> links = lane.get().links();
        boolean chain = links.get(0).id().isChainLink();
        if (!id.isChainLink()) {
            return links;
        }
        if (!chain) {
            throw new IllegalArgumentException("no task " + id + ": " + chainOf(id) + " is a single task, not a chain");
        }
        return links.stream().filter(t -> t.id().equals(id)).map(List::of).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no task " + id + "; chain " + chainOf(id) + " has links "
                        + chainOf(id) + ".1 to " + chainOf(id) + "." + links.size()));
    }

    /** Whether the id names a chain (rather than one task). */
    private boolean isChain(TaskId id) {
        return !id.isChainLink() && laneAt(id).get(0).id().isChainLink();
    }

    private PlannedStage stageAt(int n) {
        if (n < 1 || n > plan.stages().size()) {
            throw new IllegalArgumentException("no stage " + n + "; stages 1 to " + plan.stages().size());
        }
        return plan.stages().get(n - 1);
    }

    private void ls(String arg) {
        Target t = resolve(arg);
        if (t.task() != null && isChain(t.task())) {
            laneAt(t.task()).forEach(this::listTask);
        } else if (t.task() != null) {
            showTask(laneAt(t.task()).get(0));
        } else if (t.stage() == 0) {
            for (PlannedStage s : plan.stages()) {
                out.printf("%-4s %s (%d tasks)%n", s.number(), s.stage().name(), s.tasks().size());
            }
        } else {
            for (PlannedStage.Lane lane : stageAt(t.stage()).lanes()) {
                if (lane.links().get(0).id().isChainLink()) {
                    out.printf("%-8s chain of %d tasks on %s%n", chainOf(lane.links().get(0).id()), lane.links().size(),
                            String.join(", ", hostsOf(lane.links()).keySet()));
                }
                lane.links().forEach(this::listTask);
            }
        }
    }

    private void listTask(PlannedTask x) {
        out.printf("%-8s %s on %s%s%n", x.id(), x.task().command(), x.hostKey(), x.task().tag() == null ? "" : " [" + x.task().tag() + "]");
    }

    private void cd(String arg) {
        Target t = resolve(arg == null ? "/" : arg);
        stage = t.stage();
        task = t.task();
    }

    private void show(String arg) {
        Target t = resolve(arg);
        if (t.task() != null && isChain(t.task())) {
            List<PlannedTask> links = laneAt(t.task());
            out.println("Chain " + t.task() + ": " + links.size() + " tasks, run in order, on " + String.join(", ", hostsOf(links).keySet()));
            links.forEach(x -> out.println("  " + x.describe()));
        } else if (t.task() != null) {
            showTask(laneAt(t.task()).get(0));
        } else if (t.stage() == 0) {
            out.println("Plan " + plan.tasklist().name() + ": " + plan.stages().size() + " stages, " + plan.taskCount() + " tasks");
        } else {
            PlannedStage s = stageAt(t.stage());
            Stage st = s.stage();
            out.println("Stage " + s.number() + ": " + st.name());
            out.println("  concurrency " + st.concurrency() + (st.hasPerHostLimit() ? ", concurrency_per_host " + st.concurrencyPerHost() : "")
                    + (st.always() ? ", always" : "") + ", on_failure " + st.policy().onFailure().name().toLowerCase());
            out.println("  " + s.tasks().size() + " tasks in " + s.lanes().size() + " lanes, on " + hostsOf(s.tasks()).keySet());
        }
    }

    private void showTask(PlannedTask t) {
        Redaction redaction = Redaction.of(t.task());
        out.println("Task " + t.id() + ": " + t.task().command() + " on " + t.hostKey()
                + (t.task().tag() == null ? "" : " [" + t.task().tag() + "]"));
        t.task().arguments().forEach((k, v) -> out.println("  " + k + ": " + redaction.mask(String.valueOf(v))));
    }

    private void hosts() {
        Target t = new Target(stage, task);
        List<PlannedTask> tasks = t.stage() == 0 ? plan.stages().stream().flatMap(s -> s.tasks().stream()).toList()
                : t.task() != null ? laneAt(t.task()) : stageAt(t.stage()).tasks();
        hostsOf(tasks).forEach((h, n) -> out.printf("%-30s %d task%s%n", h, n, n == 1 ? "" : "s"));
    }

    private static Map<String, Integer> hostsOf(List<PlannedTask> tasks) {
        Map<String, Integer> m = new LinkedHashMap<>();
        tasks.forEach(x -> m.merge(x.hostKey(), 1, Integer::sum));
        return m;
    }

    /**
     * Runs one stage, chain or task as a plan of its own, through the Engine, with the run's hosts and journal. The
     * part is validated afresh (its commands are new instances) and its tasks keep the ids they have in the plan, so
     * that the log, the journal and the summary name task 4.1.5 as 4.1.5.
     */
    private void runPart(String arg) {
        Target t = resolve(arg);
        if (t.stage() == 0) {
            throw new IllegalArgumentException("run what? give a stage (run 2), a chain or task (run 2.1) or a chain's link (run 2.1.3),"
                    + " or cd into one; the whole plan is `deploy` itself");
        }
        PlannedStage s = stageAt(t.stage());
        List<PlannedTask> chosen = t.task() == null ? s.tasks() : laneAt(t.task());
        Stage part = t.task() == null ? s.stage()
                : s.stage().withItems(List.of(isChain(t.task()) ? s.stage().items().get(t.task().item() - 1) : StageItem.of(chosen.get(0).task())));
        String name = plan.tasklist().name() + (t.task() == null ? " stage " + t.stage() : (isChain(t.task()) ? " chain " : " task ") + t.task());
        ValidatedPlan small;
        try {
            small = keepIds(p.executor.validate(new Tasklist(name, List.of(part)), p.hosts.supportsRemoteHosts()), s.number(), chosen);
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException("cannot run " + name + ": " + e.getMessage());
        }
        RunReport report;
        try (Journal journal = Journal.open(journalPath, p.runId.value(), TasklistHash.of(small.tasklist()))) {
            LOG.info("Running {} (journal {})", name, journal.file());
            Run run = p.executor.newRun(small, p.hosts, p.runId, List.of(journal), null, new InteractiveFailures(this::ask, out));
            report = run.start().await();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot open the journal " + journalPath + ": " + e.getMessage());
        }
        RunSummary.print(report, plan, out);
    }

    /** The one-stage plan {@code small} with its stage's number and its tasks' ids as they are in the whole plan. */
    private static ValidatedPlan keepIds(ValidatedPlan small, int stageNumber, List<PlannedTask> original) {
        PlannedStage only = small.stages().get(0);
        Map<TaskId, TaskId> ids = new LinkedHashMap<>();
        List<PlannedTask> renumbered = only.tasks();
        for (int i = 0; i < renumbered.size(); i++) {
            ids.put(renumbered.get(i).id(), original.get(i).id());
        }
        List<PlannedStage.Lane> lanes = only.lanes().stream().map(l -> new PlannedStage.Lane(l.links().stream()
                .map(x -> new PlannedTask(ids.get(x.id()), x.task(), x.host(), x.command(), x.policy())).toList())).toList();
        return new ValidatedPlan(small.tasklist(), List.of(new PlannedStage(stageNumber, only.stage(), lanes)));
    }

    /** The question of a failed task, asked on the shell's own line reader (which owns the terminal). */
    private String ask(String prompt) {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }

    /** Commands first; then, for commands that take one, the names of stages and tasks. */
    private void complete(List<String> words, int index, List<Candidate> candidates) {
        if (index == 0) {
            COMMANDS.forEach(c -> candidates.add(new Candidate(c)));
            return;
        }
        if (index == 1 && Optional.of(words.get(0)).filter(w -> List.of("ls", "cd", "show", "run").contains(w)).isPresent()) {
            List<String> names = new ArrayList<>(List.of("/", ".."));
            for (PlannedStage s : plan.stages()) {
                names.add(Integer.toString(s.number()));
                for (PlannedStage.Lane lane : s.lanes()) {
                    if (lane.links().get(0).id().isChainLink()) {
                        names.add(chainOf(lane.links().get(0).id()).toString());
                    }
                    lane.links().forEach(x -> names.add(x.id().toString()));
                }
            }
            names.forEach(n -> candidates.add(new Candidate(n, n, null, null, null, null, true)));
        }
    }
}
