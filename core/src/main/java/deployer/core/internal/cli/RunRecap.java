package deployer.core.internal.cli;

import deployer.core.exec.RunListener;
import deployer.core.exec.RunReport;
import deployer.core.exec.TaskResult;
import deployer.core.exec.TaskStatus;
import deployer.core.model.SkippedHost;
import deployer.core.model.Stage;
import deployer.core.spi.FailureReason;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The recap at the end of a run, after the summary, like Ansible's PLAY RECAP: per host how many tasks were ok (of
 * which changed), failed, unreachable, skipped and not run, and how long the host was at work; per stage how it ended
 * and how long it took. The same on success, failure, stop and abort. A run listener, for the stages' times.
 *
 * <p>A stage is ok, FAILED, incomplete (some tasks not run: a stop, or hosts that dropped out), or not run.
 *
 * <p>Counting: ok = succeeded; changed = succeeded and the command said it changed the host (part of ok, as in
 * Ansible); unreachable = failed because the host could not be reached (UNREACHABLE); failed = any other failure
 * (AUTHENTICATION included: the same reason covers a refused login and sudo refusing its password); skipped =
 * skipped by the command, or done in an earlier run of a resumed journal; not run = never started. A host's time runs from its first task's start to its last task's end.
 * A host the generator left out at planning (already at the version) has no task: its line counts zero and says why.
 */
final class RunRecap implements RunListener {

    /** One stage as it went: when it started and ended, or why it did not run. */
    private record StageTimes(int number, String name, Instant started, Instant finished, String skipped) {
    }

    private final Map<Integer, StageTimes> stages = new LinkedHashMap<>();

    @Override
    public synchronized void stageStarted(int stageNumber, Stage stage) {
        stages.put(stageNumber, new StageTimes(stageNumber, stage.name(), Instant.now(), null, null));
    }

    @Override
    public synchronized void stageSkipped(int stageNumber, Stage stage, String why) {
        stages.put(stageNumber, new StageTimes(stageNumber, stage.name(), null, null, why));
    }

    @Override
    public synchronized void stageFinished(int stageNumber, Stage stage, List<TaskResult> results) {
        StageTimes s = stages.get(stageNumber);
        stages.put(stageNumber, new StageTimes(stageNumber, stage.name(), s == null ? null : s.started(), Instant.now(), null));
    }

    /** Counters of one host. */
    static final class HostCounts {
        int ok;
        int changed;
        int failed;
        int unreachable;
        int skipped;
        int notRun;
        Instant first;
        Instant last;

        void add(TaskResult r) {
            switch (r.status()) {
                case SUCCEEDED -> {
                    ok++;
                    changed += r.changed() ? 1 : 0;
                }
                case FAILED -> {
                    // A refused login (AUTHENTICATION) is a failure: the same reason covers sudo refusing its password.
                    if (r.reason() == FailureReason.UNREACHABLE) {
                        unreachable++;
                    } else {
                        failed++;
                    }
                }
                case SKIPPED, ALREADY_DONE -> skipped++;
                case NOT_RUN -> notRun++;
            }
            if (r.started() != null && (first == null || r.started().isBefore(first))) {
                first = r.started();
            }
            if (r.finished() != null && (last == null || r.finished().isAfter(last))) {
                last = r.finished();
            }
        }

        Duration busy() {
            return first == null || last == null ? Duration.ZERO : Duration.between(first, last);
        }
    }

    /** Every host of the run, in the order they first appear in the plan. */
    static Map<String, HostCounts> hosts(RunReport report) {
        Map<String, HostCounts> hosts = new LinkedHashMap<>();
        for (TaskResult r : report.results()) {
            hosts.computeIfAbsent(r.host(), h -> new HostCounts()).add(r);
        }
        return hosts;
    }

    /** @param skipped the hosts the plan left out at planning: each gets a line (all zero) with why, as Ansible shows a skipped host */
    synchronized void print(RunReport report, List<SkippedHost> skipped, PrintStream out) {
        printHosts(hosts(report), skipped, out);
        out.println("STAGES");
        List<StageTimes> all = new ArrayList<>(stages.values());
        int nameWidth = Math.max(12, all.stream().mapToInt(s -> s.name().length()).max().orElse(0));
        for (StageTimes s : all) {
            List<TaskResult> results = report.results().stream().filter(r -> r.id().stage() == s.number()).toList();
            out.printf(Locale.ROOT, "  %2d %-" + nameWidth + "s %s%n", s.number(), s.name(), stageOutcome(s, results));
        }
    }

    /** A plan with no task to run: the recap is its hosts skipped at planning, if it has any. */
    static void printSkippedOnly(List<SkippedHost> skipped, PrintStream out) {
        if (!skipped.isEmpty()) {
            printHosts(new LinkedHashMap<>(), skipped, out);
        }
    }

    private static void printHosts(Map<String, HostCounts> hosts, List<SkippedHost> skipped, PrintStream out) {
        Map<String, List<String>> whys = new LinkedHashMap<>();
        for (SkippedHost s : skipped) {
            hosts.computeIfAbsent(s.host(), h -> new HostCounts());
            whys.computeIfAbsent(s.host(), h -> new ArrayList<>()).add(s.service() + " " + s.why());
        }
        int width = Math.max(12, hosts.keySet().stream().mapToInt(String::length).max().orElse(0));
        out.println();
        out.println("HOST RECAP");
        hosts.forEach((host, c) -> out.printf(Locale.ROOT, "  %-" + width + "s : ok=%-4d changed=%-4d failed=%-4d unreachable=%-4d skipped=%-4d not_run=%-4d %s%s%n",
                host, c.ok, c.changed, c.failed, c.unreachable, c.skipped, c.notRun, c.first == null ? "-" : seconds(c.busy()),
                whys.containsKey(host) ? " · skipped at planning: " + String.join("; ", whys.get(host)) : ""));
    }

    private static String stageOutcome(StageTimes s, List<TaskResult> results) {
        if (s.skipped() != null) {
            return "not run: " + s.skipped();
        }
        long failed = results.stream().filter(TaskResult::failed).count();
        long notRun = results.stream().filter(r -> r.status() == TaskStatus.NOT_RUN).count();
        String took = s.started() == null || s.finished() == null ? "" : " in " + seconds(Duration.between(s.started(), s.finished()));
        if (s.finished() == null) {
            return "did not finish";
        }
        if (failed > 0) {
            return "FAILED" + took + " (" + failed + " of " + results.size() + " task" + (results.size() == 1 ? "" : "s") + " failed"
                    + (notRun > 0 ? ", " + notRun + " not run" : "") + ")";
        }
        if (notRun > 0) {
            // A stop, or hosts that dropped out under on_failure: continue: the headline and the summary say which.
            return "incomplete" + took + " (" + notRun + " of " + results.size() + " not run)";
        }
        return "ok" + took + " (" + results.size() + " task" + (results.size() == 1 ? "" : "s") + ")";
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
