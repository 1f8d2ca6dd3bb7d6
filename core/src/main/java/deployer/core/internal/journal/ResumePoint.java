package deployer.core.internal.journal;

import deployer.core.exec.PlannedTask;
import deployer.core.exec.ValidatedPlan;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.core.model.RunId;
import deployer.core.model.TaskId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a resumed run picks up: the tasks its journal says are done (succeeded or skipped), which it does not run
 * again. Failed and never-run tasks run; a task that started without an end (the deployer died while it ran) runs
 * again only when it is idempotent, else the resume is refused naming it, unless resumed anyway ({@code --resume-anyway}).
 */
public record ResumePoint(JournalState journal, Set<TaskId> done) {

    /** Asks a person whether a task that may have half-run should run again; answers no where nobody can be asked. */
    @FunctionalInterface
    public interface HalfRunQuestion {
        boolean runAgain(PlannedTask task, String problem);

        HalfRunQuestion NOBODY = (task, problem) -> false;
    }

    public ResumePoint {
        done = Set.copyOf(done);
    }

    /**
     * @param planSha256 the hash of the plan about to run, as {@link TasklistHash} computes it
     * @param anyway     resume a changed plan, and run again tasks that started without an end
     * @throws InvalidInputException when the plan changed or a non-idempotent task may have half-run (without anyway)
     */
    public static ResumePoint of(JournalState journal, ValidatedPlan plan, String planSha256, boolean anyway) throws InvalidInputException {
        return of(journal, plan, planSha256, anyway, HalfRunQuestion.NOBODY);
    }

    /** @param ask who decides about a non-idempotent task that started without an end, when not resumed anyway */
    public static ResumePoint of(JournalState journal, ValidatedPlan plan, String planSha256, boolean anyway,
                                 HalfRunQuestion ask) throws InvalidInputException {
        List<Problem> problems = new ArrayList<>();
        if (!journal.tasklistSha256().equals(planSha256) && !anyway) {
            problems.add(new Problem(journal.file().toString(), "the journal is of another plan (tasklist sha256 "
                    + abbreviate(journal.tasklistSha256()) + ", this plan " + abbreviate(planSha256) + "): the tasklist was changed"
                    + " since; resume it anyway with --resume-anyway, or start afresh without --resume"));
        }
        Set<TaskId> done = new HashSet<>();
        for (var stage : plan.stages()) {
            for (PlannedTask t : stage.tasks()) {
                JournalState.TaskState state = journal.state(t.id()).orElse(null);
                if (state == JournalState.TaskState.SUCCEEDED || state == JournalState.TaskState.SKIPPED) {
                    done.add(t.id());
                } else if (state == JournalState.TaskState.STARTED_WITHOUT_END && !t.idempotent() && !anyway) {
                    String problem = "task " + t.describe() + " started in run " + journal.lastRunId()
                            + " and never ended: it may have half-run, and '" + t.task().command() + "' is not safe to run twice.";
                    if (!ask.runAgain(t, problem)) {
                        problems.add(new Problem(journal.file().toString(), problem
                                + " Check the host; then resume with --resume-anyway to run it again"));
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        redoWhatTheFinishingStagesUndid(journal, plan, done);
        return new ResumePoint(journal, done);
    }

    /**
     * A finishing ({@code always}) stage that ran on a host cleaned up after that run there: it removed the run's
     * temporary files ({@code {run_id}} paths: the uploaded and unpacked packages) that earlier stages had left for
     * later ones. Where that host still has a task to do that needs them, its done tasks of earlier stages that make
     * them run again, and so do its finishing tasks (to clean up after this run); else the unfinished task would find
     * nothing to work on. Found by SshFaultsResumeTest: after a run stopped by another host's failure, the resume's
     * movefile failed with "source does not exist" because upload and unpack counted as done.
     */
    private static void redoWhatTheFinishingStagesUndid(JournalState journal, ValidatedPlan plan, Set<TaskId> done) {
        Set<String> cleanedUp = new HashSet<>();
        Map<String, Integer> firstNeedingRunFiles = new HashMap<>();
        for (var stage : plan.stages()) {
            for (PlannedTask t : stage.tasks()) {
                if (stage.stage().always()) {
                    if (journal.state(t.id()).orElse(null) == JournalState.TaskState.SUCCEEDED) {
                        cleanedUp.add(t.hostKey());
                    }
                } else if (!done.contains(t.id()) && usesRunFiles(t, journal)) {
                    firstNeedingRunFiles.putIfAbsent(t.hostKey(), stage.number());
                }
            }
        }
        for (var stage : plan.stages()) {
            for (PlannedTask t : stage.tasks()) {
                Integer needing = firstNeedingRunFiles.get(t.hostKey());
                if (needing != null && cleanedUp.contains(t.hostKey())
                        && (stage.stage().always() || (stage.number() < needing && usesRunFiles(t, journal)))) {
                    done.remove(t.id());
                }
            }
        }
    }

    /** Whether a task's arguments name the run's own paths ({@code {run_id}}, or the id filled in). */
    private static boolean usesRunFiles(PlannedTask t, JournalState journal) {
        String args = String.valueOf(t.task().arguments());
        return args.contains(RunId.PLACEHOLDER) || (journal.lastRunId() != null && args.contains(journal.lastRunId()));
    }

    private static String abbreviate(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
    }
}
