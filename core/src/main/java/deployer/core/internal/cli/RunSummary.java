package deployer.core.internal.cli;

import deployer.core.exec.RunReport;
import deployer.core.exec.TaskResult;
import deployer.core.exec.TaskStatus;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** The end-of-run summary: the headline (SUCCEEDED, FAILED, STOPPED, ABORTED) with counts, then every failure with host, task and reason, then what did not run. */
final class RunSummary {

    private static final int MAX_NOT_RUN_LISTED = 20;

    private RunSummary() {
    }

    static void print(RunReport report, PrintStream out) {
        print(report, java.util.Set.of(), out);
    }

    /** With the plan: the messages of the tasks whose command {@link deployer.core.spi.Command#summarizesRun() summarizes the run} too. */
    static void print(RunReport report, deployer.core.exec.ValidatedPlan plan, PrintStream out) {
        java.util.Set<deployer.core.model.TaskId> summarizing = plan.stages().stream().flatMap(s -> s.tasks().stream())
                .filter(t -> t.command() != null && t.command().summarizesRun()).map(deployer.core.exec.PlannedTask::id)
                .collect(Collectors.toSet());
        print(report, summarizing, out);
    }

    private static void print(RunReport report, java.util.Set<deployer.core.model.TaskId> summarizing, PrintStream out) {
        Duration took = Duration.between(report.started(), report.finished());
        out.printf("Run %s: %s in %.1f s (%s)%n", report.tasklistName(), report.status(), took.toMillis() / 1000.0,
                report.counts().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        switch (report.status()) {
            case STOPPED -> out.println("  stopped on request (Ctrl-C or TERM): running tasks finished, nothing new was started");
            case ABORTED -> out.println("  aborted on request (a second Ctrl-C or TERM): running commands were ended, connections closed");
            default -> {
            }
        }
        report.results().stream().filter(r -> summarizing.contains(r.id()) && r.status() == TaskStatus.SUCCEEDED)
                .forEach(r -> out.println("  " + r.message()));
        for (TaskResult r : report.failures()) {
            out.printf("  FAILED  %s %s on %s%s: %s: %s%n", r.id(), r.command(), r.host(),
                    r.tag() == null ? "" : " [" + r.tag() + "]", r.reason(), r.message());
            r.outputTail().forEach(line -> out.println("          | " + line));
            List<TaskResult> abandoned = report.results().stream()
                    .filter(x -> r.id().isChainLink() && x.id().stage() == r.id().stage() && x.id().item() == r.id().item()
                            && x.id().link() > r.id().link() && x.status() == TaskStatus.NOT_RUN)
                    .toList();
            if (!abandoned.isEmpty()) {
                out.printf("          host %s was left mid-chain; not run there: %s%n", r.host(),
                        abandoned.stream().map(x -> x.id() + " " + x.command()).collect(Collectors.joining(", ")));
            }
        }
        List<TaskResult> notRun = report.results().stream().filter(r -> r.status() == TaskStatus.NOT_RUN).toList();
        notRun.stream().limit(MAX_NOT_RUN_LISTED).forEach(r -> out.printf("  NOT_RUN %s %s on %s%s%s%n", r.id(), r.command(), r.host(),
                r.tag() == null ? "" : " [" + r.tag() + "]", why(r)));
        if (notRun.size() > MAX_NOT_RUN_LISTED) {
            out.printf("  … and %d more not run%n", notRun.size() - MAX_NOT_RUN_LISTED);
        }
    }

    /** Why a task did not run, without the "not run" its status already says. */
    private static String why(TaskResult r) {
        String m = r.message().startsWith("not run: ") ? r.message().substring("not run: ".length()) : r.message();
        return m.isBlank() || m.equals("not run") ? "" : ": " + m;
    }
}
