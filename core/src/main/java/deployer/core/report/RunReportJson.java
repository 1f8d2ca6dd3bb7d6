package deployer.core.report;

import deployer.core.exec.RunReport;
import deployer.core.exec.TaskResult;
import deployer.core.exec.TaskStatus;
import deployer.core.json.JsonOutput;
import deployer.core.model.Redaction;
import deployer.core.model.SkippedHost;
import deployer.core.model.Tasklist;
import deployer.core.spi.FailureReason;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run report as JSON for programs (CI, dashboards): every task with its stage, host, command, status, reason,
 * times, exit status and output tail; totals; a recap per host; the hosts skipped at planning; the stages; the run id. Format
 * {@value #FORMAT}, version {@value #FORMAT_VERSION}, described by docs/schema/run-report.schema.json and in
 * docs/reference/formats.md ("The run report"). Every message and output line is masked once more with every sensitive value of the plan, beside the
 * engine's own per-task masking: a report must never carry a secret.
 */
public final class RunReportJson {

    public static final String FORMAT = "deployer.run-report";
    /** Raised on any change a reader could trip over (a key removed, renamed or retyped); added keys keep it. */
    public static final int FORMAT_VERSION = 1;
    public static final String SCHEMA_FILE = "docs/schema/run-report.schema.json";

    private RunReportJson() {
    }

    public static String json(RunRecorder run, Collection<String> sensitiveValues) {
        return JsonOutput.toJson(tree(run, sensitiveValues));
    }

    /** The report as maps and lists, in the order it is printed (the HTML report reads the same tree). */
    public static Map<String, Object> tree(RunRecorder run, Collection<String> sensitiveValues) {
        Redaction mask = Redaction.ofValues(sensitiveValues);
        RunReport report = run.report();
        Map<String, Object> doc = JsonOutput.document(FORMAT, FORMAT_VERSION);
        doc.put("run_id", run.runId());
        doc.put("journal", null);
        doc.put("tasklist", report.tasklistName());
        doc.put("status", report.status().name());
        doc.put("started", JsonOutput.instant(report.started()));
        doc.put("finished", JsonOutput.instant(report.finished()));
        doc.put("duration_ms", JsonOutput.millis(report.started(), report.finished()));
        doc.put("totals", totals(report.results()));
        doc.put("hosts", hosts(report.results()));
        doc.put("skipped_hosts", skippedHosts(run.tasklist(), mask));
        doc.put("stages", stages(run, report.results()));
        List<Object> tasks = new ArrayList<>();
        for (TaskResult r : report.results()) {
            tasks.add(task(run, r, mask));
        }
        doc.put("tasks", tasks);
        return doc;
    }

    private static Map<String, Object> totals(List<TaskResult> results) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("tasks", results.size());
        for (TaskStatus s : TaskStatus.values()) {
            t.put(s.name().toLowerCase(java.util.Locale.ROOT), results.stream().filter(r -> r.status() == s).count());
        }
        return t;
    }

    /** Per host, as operators read Ansible's recap: ok, failed, unreachable (apart from failed), skipped, not run. */
    private static List<Object> hosts(List<TaskResult> results) {
        Map<String, List<TaskResult>> byHost = new LinkedHashMap<>();
        results.forEach(r -> byHost.computeIfAbsent(r.host(), h -> new ArrayList<>()).add(r));
        List<Object> out = new ArrayList<>();
        byHost.forEach((host, rs) -> {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("host", host);
            h.put("ok", rs.stream().filter(r -> r.status() == TaskStatus.SUCCEEDED).count());
            h.put("changed", rs.stream().filter(TaskResult::changed).count());
            h.put("failed", rs.stream().filter(r -> r.failed() && r.reason() != FailureReason.UNREACHABLE).count());
            h.put("unreachable", rs.stream().filter(r -> r.failed() && r.reason() == FailureReason.UNREACHABLE).count());
            h.put("skipped", rs.stream().filter(r -> r.status() == TaskStatus.SKIPPED).count());
            h.put("not_run", rs.stream().filter(r -> r.status() == TaskStatus.NOT_RUN).count());
            h.put("already_done", rs.stream().filter(r -> r.status() == TaskStatus.ALREADY_DONE).count());
            Instant first = rs.stream().map(TaskResult::started).filter(java.util.Objects::nonNull).min(Instant::compareTo).orElse(null);
            Instant last = rs.stream().map(TaskResult::finished).filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(null);
            h.put("duration_ms", JsonOutput.millis(first, last));
            out.add(h);
        });
        return out;
    }

    /** The hosts the generator left out at planning (no task of theirs is in the run), each with its service and why. */
    private static List<Object> skippedHosts(Tasklist tasklist, Redaction mask) {
        List<Object> out = new ArrayList<>();
        for (SkippedHost s : tasklist == null ? List.<SkippedHost>of() : tasklist.skippedHosts()) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("host", s.host());
            h.put("service", s.service());
            h.put("why", mask.mask(s.why()));
            out.add(h);
        }
        return out;
    }

    private static List<Object> stages(RunRecorder run, List<TaskResult> results) {
        List<Object> out = new ArrayList<>();
        for (RunRecorder.StageRecord s : run.stages()) {
            List<TaskResult> own = results.stream().filter(r -> r.id().stage() == s.number()).toList();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("number", s.number());
            m.put("name", s.name());
            m.put("status", s.skippedBecause() != null ? "SKIPPED"
                    : own.stream().anyMatch(TaskResult::failed) ? "FAILED"
                    : own.stream().anyMatch(r -> r.status() == TaskStatus.NOT_RUN) ? "STOPPED" : "SUCCEEDED");
            m.put("started", JsonOutput.instant(s.started()));
            m.put("finished", JsonOutput.instant(s.finished()));
            m.put("duration_ms", JsonOutput.millis(s.started(), s.finished()));
            m.put("skipped_because", s.skippedBecause());
            m.put("tasks", own.size());
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> task(RunRecorder run, TaskResult r, Redaction mask) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", r.id().toString());
        t.put("stage", r.id().stage());
        t.put("stage_name", run.stageName(r.id().stage()));
        t.put("host", r.host());
        t.put("command", r.command());
        t.put("tag", r.tag());
        t.put("status", r.status().name());
        t.put("reason", r.reason() == null ? null : r.reason().name());
        t.put("message", mask.mask(r.message()));
        t.put("attempts", run.attempts(r.id()));
        t.put("started", JsonOutput.instant(r.started()));
        t.put("finished", JsonOutput.instant(r.finished()));
        t.put("duration_ms", JsonOutput.millis(r.started(), r.finished()));
        t.put("exit_status", r.exitStatus());
        t.put("changed", r.changed());
        t.put("output_tail", mask.outputLines(r.outputTail()));
        return t;
    }
}
