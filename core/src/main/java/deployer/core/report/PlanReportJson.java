package deployer.core.report;

import deployer.core.exec.PlannedStage;
import deployer.core.exec.PlannedTask;
import deployer.core.exec.ValidatedPlan;
import deployer.core.json.JsonOutput;
import deployer.core.model.Problem;
import deployer.core.model.Tasklist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code build-tasklist --output json} prints: whether the plan is valid, every problem found (where and what),
 * and the plan's stages with their tasks (id, host, command, tag). Format {@value #FORMAT}, version
 * {@value #FORMAT_VERSION}, described by docs/schema/plan-report.schema.json. The tasks list names no argument
 * values, so it can hold no secret; {@code --dump} prints the plan itself (masked).
 */
public final class PlanReportJson {

    public static final String FORMAT = "deployer.plan-report";
    public static final int FORMAT_VERSION = 1;
    public static final String SCHEMA_FILE = "docs/schema/plan-report.schema.json";

    private PlanReportJson() {
    }

    /** A plan that passed validation; {@code plan} null when the generator found nothing to do. */
    public static String valid(String runId, Tasklist tasklist, ValidatedPlan plan) {
        Map<String, Object> doc = head(runId, tasklist.name(), true);
        doc.put("nothing_to_do", plan == null);
        doc.put("problems", List.of());
        List<Object> stages = new ArrayList<>();
        int tasks = 0;
        if (plan != null) {
            for (PlannedStage ps : plan.stages()) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("number", ps.number());
                s.put("name", ps.stage().name());
                s.put("concurrency", ps.stage().concurrency());
                s.put("concurrency_per_host", ps.stage().hasPerHostLimit() ? ps.stage().concurrencyPerHost() : null);
                s.put("always", ps.stage().always());
                List<Object> ts = new ArrayList<>();
                for (PlannedTask t : ps.tasks()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", t.id().toString());
                    m.put("host", t.hostKey());
                    m.put("command", t.task().command());
                    m.put("tag", t.task().tag());
                    ts.add(m);
                }
                tasks += ts.size();
                s.put("tasks", ts);
                stages.add(s);
            }
        }
        doc.put("task_count", tasks);
        doc.put("stages", stages);
        return JsonOutput.toJson(doc);
    }

    /** A plan (or config) that failed validation: every problem, nothing else. */
    public static String invalid(String runId, String tasklistName, List<Problem> problems) {
        Map<String, Object> doc = head(runId, tasklistName, false);
        doc.put("nothing_to_do", false);
        List<Object> ps = new ArrayList<>();
        for (Problem p : problems) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("where", p.where());
            m.put("message", p.message());
            ps.add(m);
        }
        doc.put("problems", ps);
        doc.put("task_count", 0);
        doc.put("stages", List.of());
        return JsonOutput.toJson(doc);
    }

    private static Map<String, Object> head(String runId, String tasklistName, boolean valid) {
        Map<String, Object> doc = JsonOutput.document(FORMAT, FORMAT_VERSION);
        doc.put("run_id", runId);
        doc.put("tasklist", tasklistName);
        doc.put("valid", valid);
        return doc;
    }
}
