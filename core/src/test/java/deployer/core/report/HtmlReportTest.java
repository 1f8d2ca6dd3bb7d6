package deployer.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deployer.core.exec.RunEvent;
import deployer.core.exec.RunReport;
import deployer.core.exec.TaskResult;
import deployer.core.exec.TaskStatus;
import deployer.core.model.SkippedHost;
import deployer.core.model.Stage;
import deployer.core.model.TaskId;
import deployer.core.model.Tasklist;
import deployer.core.spi.FailureReason;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a command prints ends up in the page: it must stay text, never markup or script. */
class HtmlReportTest {

    private static final String EVIL = "</script><script>alert('x')</script><img src=x onerror=alert(1)> & \"q\" <!--";

    private static RunRecorder recordedRun(String message, List<String> tail) {
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        Stage stage = new Stage("Deploy <b>now</b>", 1, 0, List.of());
        Tasklist tasklist = new Tasklist("plan & <co>", List.of(stage));
        TaskResult failed = new TaskResult(TaskId.of(1, 1), "execute_command", "local:<marquee>", "svc\"", TaskStatus.FAILED,
                FailureReason.NON_ZERO_EXIT, message, tail, t0.plusMillis(100), t0.plusMillis(900), 7);
        RunRecorder r = new RunRecorder();
        r.onEvent(new RunEvent.RunStarted(t0, "run-1", tasklist));
        r.onEvent(new RunEvent.StageStarted(t0.plusMillis(50), 1, stage));
        r.onEvent(new RunEvent.StageFinished(t0.plusMillis(950), 1, stage, List.of(failed)));
        r.onEvent(new RunEvent.RunFinished(t0.plusSeconds(1), new RunReport(tasklist.name(), RunReport.RunStatus.FAILED,
                List.of(failed), t0, t0.plusSeconds(1))));
        return r;
    }

    @Test
    void aHostSkippedAtPlanningIsARecapRowWithItsWhyEscapedAndMasked() {
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        Tasklist tasklist = new Tasklist("plan", List.of(), null,
                List.of(new SkippedHost("local:<marquee>", "web", "already at 2 " + EVIL + " Hush-42")));
        RunRecorder r = new RunRecorder();
        r.onEvent(new RunEvent.RunStarted(t0, "run-1", tasklist));
        r.onEvent(new RunEvent.RunFinished(t0, new RunReport("plan", RunReport.RunStatus.SUCCEEDED, List.of(), t0, t0)));
        Map<String, Object> tree = RunReportJson.tree(r, List.of("Hush-42"));

        assertThat(tree.get("skipped_hosts")).isEqualTo(List.of(Map.of("host", "local:<marquee>", "service", "web",
                "why", "already at 2 " + EVIL + " ********")));
        String html = HtmlReport.html(tree, null);
        assertThat(html).contains("<tr class=\"skipped-at-planning\" data-host=\"local:&lt;marquee&gt;\">", "1 host skipped at planning")
                .doesNotContain("<marquee>", "<script>alert", "Hush-42");
    }

    @Test
    void markupInMessagesOutputAndNamesIsEscapedAndTheEmbeddedDataStillReadsBack() throws Exception {
        Map<String, Object> tree = RunReportJson.tree(recordedRun(EVIL, List.of(EVIL, "ok")), List.of());
        String html = HtmlReport.html(tree, Map.of("note", EVIL));

        assertThat(html).doesNotContain("<script>alert", "<img src", "<b>now", "<marquee>", "<co>");
        // Exactly the page's own two script elements, and the data one holds the report unchanged.
        assertThat(html.split("<script", -1)).hasSize(3);
        int start = html.indexOf("<script type=\"application/json\" id=\"report-data\">") + "<script type=\"application/json\" id=\"report-data\">".length();
        JsonNode data = new ObjectMapper().readTree(html.substring(start, html.indexOf("</script>", start)));
        assertThat(data.get("tasks").get(0).get("message").asText()).isEqualTo(EVIL);
        assertThat(data.get("tasks").get(0).get("output_tail").get(0).asText()).isEqualTo(EVIL);
        assertThat(data.get("tasks").get(0).get("exit_status").asInt()).isEqualTo(7);
    }

    @Test
    void everySensitiveValueOfThePlanIsMaskedInTheReportEvenWhereTheEngineDidNotKnowIt() {
        Map<String, Object> tree = RunReportJson.tree(recordedRun("login as admin:Hush-42 failed", List.of("token Hush-42", "done")),
                List.of("Hush-42"));

        Map<?, ?> task = (Map<?, ?>) ((List<?>) tree.get("tasks")).get(0);
        assertThat(task.get("message")).isEqualTo("login as admin:******** failed");
        assertThat(task.get("output_tail")).isEqualTo(List.of("******** (output line hidden: it held a sensitive value)", "done"));
        assertThat(HtmlReport.html(tree, null)).doesNotContain("Hush-42");
    }
}
