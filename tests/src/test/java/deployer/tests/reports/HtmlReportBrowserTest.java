package deployer.tests.reports;

import com.fasterxml.jackson.databind.JsonNode;
import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy --report FILE.html} of a real run with one failed task, opened in a real headless Chromium: the page
 * needs nothing from a network, shows a bar for every task in a row per host, the failed task's bar visible and red,
 * stage boundaries, the recap, the details of a task on click, and the config with its secrets masked. The screenshot
 * is kept under target/report-screenshots for a person to look at.
 */
@Tag("chromium")
class HtmlReportBrowserTest {


    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theHtmlReportShowsEveryTaskAsABarAndTheFailedOneRedInARealBrowser(@TempDir Path work) throws Exception {
        // The config shows in the report; a value that is a sensitive value of the plan is masked there too (keys
        // that name a secret are masked whatever their value: MaskedConfigTest).
        Path config = Files.writeString(work.resolve("deploy.yaml"), """
                platform: test
                dns_suffix: example.org
                user: %s
                """.formatted(RunReportJsonTest.SECRET));
        Path html = work.resolve("report.html");
        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "--tasklist", RunReportJsonTest.failingPlan(work).toString(),
                "--config", config.toString(), "--report", html.toString(), "--report-json", work.resolve("report.json").toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).contains("Run report demo: FAILED");

        String page = Files.readString(html);
        // Self-contained: nothing to fetch (no src/href to anything, no CSS import or url()).
        assertThat(Pattern.compile("(?i)\\s(src|href)\\s*=|@import|url\\(").matcher(page).find()).as("a reference to fetch").isFalse();
        assertThat(page).doesNotContain(RunReportJsonTest.SECRET).contains("example.org");

        Path shots = CliProcess.projectRoot().resolve("tests/target/report-screenshots");
        Files.createDirectories(shots);
        try (HeadlessChromium chromium = HeadlessChromium.start(work, 1400, 900)) {
            chromium.open(html.toUri());

            assertThat(chromium.evaluate("document.title").asText()).isEqualTo("Run report demo: FAILED");
            // A row per host, a bar per task.
            assertThat(chromium.evaluate("[...document.querySelectorAll('.timeline .row')].map(r => r.dataset.host).join(',')").asText())
                    .isEqualTo("local:web1,local:web2,local");
            JsonNode bars = chromium.evaluate("""
                    [...document.querySelectorAll('.timeline .bar')].map(b => {
                      b.scrollIntoView({block: 'center'});
                      const r = b.getBoundingClientRect();
                      const top = document.elementFromPoint(r.left + Math.min(r.width / 2, 3), r.top + r.height / 2);
                      return {task: b.dataset.task, status: b.dataset.status, host: b.closest('.row').dataset.host,
                              width: r.width, height: r.height, visible: top === b || b.contains(top),
                              color: getComputedStyle(b).backgroundColor, display: getComputedStyle(b).display};
                    })""");
            assertThat(bars).hasSize(6);
            java.util.List<String> seen = new java.util.ArrayList<>();
            for (JsonNode b : bars) {
                seen.add(b.get("task").asText() + " " + b.get("status").asText() + " " + b.get("host").asText());
                assertThat(b.get("width").asDouble()).as(b.toString()).isGreaterThanOrEqualTo(4);
                assertThat(b.get("height").asDouble()).as(b.toString()).isGreaterThan(10);
                assertThat(b.get("visible").asBoolean()).as("nothing covers " + b).isTrue();
                assertThat(b.get("display").asText()).isNotEqualTo("none");
            }
            assertThat(seen).containsExactlyInAnyOrder("1.1.1 SUCCEEDED local:web1", "1.1.2 SUCCEEDED local:web1",
                    "1.2 FAILED local:web2", "2.1 NOT_RUN local:web1", "2.2 NOT_RUN local:web2", "3.1 SUCCEEDED local");
            for (JsonNode b : bars) {
                String color = b.get("color").asText();
                if (b.get("status").asText().equals("FAILED")) {
                    assertThat(color).as("the failed bar is red").isEqualTo("rgb(211, 47, 47)");
                } else {
                    assertThat(color).as(b.toString()).isNotEqualTo("rgb(211, 47, 47)");
                }
            }
            // The chain's two links on web1 do not overlap; the failed bar is not wider than the run.
            JsonNode chain = chromium.evaluate("""
                    (() => { const a = document.querySelector('.bar[data-task="1.1.1"]').getBoundingClientRect();
                             const b = document.querySelector('.bar[data-task="1.1.2"]').getBoundingClientRect();
                             return {aEnd: a.right, bStart: b.left}; })()""");
            assertThat(chain.get("bStart").asDouble()).isGreaterThanOrEqualTo(chain.get("aEnd").asDouble() - 1);

            // Stage boundaries for the stages that ran; the skipped one is in the stage table.
            assertThat(chromium.evaluate("[...document.querySelectorAll('.stage-boundary')].map(s => s.dataset.stage).join(',')").asText())
                    .isEqualTo("1,3");
            assertThat(chromium.evaluate("document.querySelector('.stages-table').innerText").asText())
                    .contains("2 Verify", "SKIPPED", "an earlier stage failed");

            // Hover text and click details of the failed task.
            assertThat(chromium.evaluate("document.querySelector('.bar[data-task=\"1.2\"]').title").asText())
                    .contains("1.2 execute_command on local:web2", "FAILED (NON_ZERO_EXIT)");
            String details = chromium.evaluate("""
                    (() => { document.querySelector('.bar[data-task="1.2"]').click();
                             const d = document.getElementById('details');
                             return d.hidden ? '' : d.innerText; })()""").asText();
            assertThat(details).contains("1.2 execute_command on local:web2 [api]", "NON_ZERO_EXIT", "exit status", "3", "disk full")
                    .doesNotContain(RunReportJsonTest.SECRET);

            // The recap: one row per host, web2's failure in red.
            JsonNode recap = chromium.evaluate("""
                    [...document.querySelectorAll('table.recap tbody tr')].map(tr => ({host: tr.dataset.host,
                      cells: [...tr.cells].map(c => c.innerText), failedColor: getComputedStyle(tr.cells[3]).color}))""");
            assertThat(recap).hasSize(3);
            assertThat(recap.get(1).get("host").asText()).isEqualTo("local:web2");
            assertThat(recap.get(1).get("cells").get(3).asText()).isEqualTo("1");
            assertThat(recap.get(1).get("failedColor").asText()).isEqualTo("rgb(211, 47, 47)");
            // Ansible's columns: ok, then changed (part of ok), as in the text recap.
            assertThat(chromium.evaluate("[...document.querySelectorAll('table.recap thead th')].map(c => c.innerText).join(',')").asText())
                    .isEqualTo("host,ok,changed,failed,unreachable,skipped,not run,already done,duration,skipped at planning");
            JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(work.resolve("report.json").toFile());
            for (int i = 0; i < 3; i++) {
                assertThat(recap.get(i).get("cells").get(2).asText()).isEqualTo(json.get("hosts").get(i).get("changed").asText());
            }

            // The effective config, the secret in it masked.
            assertThat(chromium.evaluate("document.querySelector('pre.config').innerText").asText())
                    .contains("\"user\": \"********\"", "\"dns_suffix\": \"example.org\"").doesNotContain(RunReportJsonTest.SECRET);

            byte[] png = chromium.screenshot();
            assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
            Files.write(shots.resolve("failed-run-report.png"), png);
            Files.copy(html, shots.resolve("failed-run-report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aHostSkippedAtPlanningShowsInTheRecapWithWhy(@TempDir Path work) throws Exception {
        // A saved plan as the tarball generator writes it: web2 was already at the version, so it has no task.
        Path plan = Files.writeString(work.resolve("plan.json"), """
                {"name": "Deploy web 2.0", "stages": [
                  {"name": "Deploy web", "concurrency": 1, "tasks": [{"command": "execute_command", "shell": "true", "remote_host": "local:web1"}]}],
                 "skipped_hosts": [{"host": "local:web2", "service": "web", "why": "already at 2.0 (its checks pass)"}]}
                """);
        Path html = reportOfARunThatSucceeds(work, plan);
        try (HeadlessChromium chromium = HeadlessChromium.start(work, 1400, 900)) {
            chromium.open(html.toUri());
            JsonNode recap = chromium.evaluate("""
                    [...document.querySelectorAll('table.recap tbody tr')].map(tr => { tr.scrollIntoView({block: 'center'});
                      const r = tr.getBoundingClientRect();
                      return {host: tr.dataset.host, cells: [...tr.cells].map(c => c.innerText), height: r.height,
                              visible: getComputedStyle(tr).visibility === 'visible' && getComputedStyle(tr).display !== 'none'}; })""");
            assertThat(recap).hasSize(2);
            assertThat(recap.get(0).get("host").asText()).isEqualTo("local:web1");
            assertThat(recap.get(0).get("cells").get(1).asText()).isEqualTo("1");
            JsonNode web2 = recap.get(1);
            assertThat(web2.get("host").asText()).isEqualTo("local:web2");
            assertThat(web2.get("visible").asBoolean()).isTrue();
            assertThat(web2.get("height").asDouble()).isGreaterThan(10);
            assertThat(web2.get("cells").get(0).asText()).isEqualTo("local:web2");
            assertThat(web2.get("cells").get(1).asText()).as("ok").isEqualTo("0");
            assertThat(web2.get("cells").get(2).asText()).as("changed").isEqualTo("0");
            assertThat(web2.get("cells").get(9).asText()).isEqualTo("web already at 2.0 (its checks pass)");
            assertThat(chromium.evaluate("document.body.innerText").asText()).contains("1 host skipped at planning");
            Path shots = Files.createDirectories(CliProcess.projectRoot().resolve("tests/target/report-screenshots"));
            Files.write(shots.resolve("skipped-host-report.png"), chromium.screenshot());
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void labelsOfShortStagesSideBySideDoNotOverlap(@TempDir Path work) throws Exception {
        // One slow stage, then three that take no time: their boundaries sit together at the right edge.
        Path plan = Files.writeString(work.resolve("plan.json"), """
                {"name": "crowded", "stages": [
                  {"name": "Slow stage", "concurrency": 1, "tasks": [{"command": "execute_command", "shell": "sleep 2"}]},
                  {"name": "Quick one", "concurrency": 1, "tasks": [{"command": "execute_command", "shell": "true"}]},
                  {"name": "Quick two", "concurrency": 1, "tasks": [{"command": "execute_command", "shell": "true"}]},
                  {"name": "Quick three", "concurrency": 1, "tasks": [{"command": "execute_command", "shell": "true"}]}]}
                """);
        Path html = reportOfARunThatSucceeds(work, plan);
        try (HeadlessChromium chromium = HeadlessChromium.start(work, 1400, 900)) {
            chromium.open(html.toUri());
            JsonNode labels = chromium.evaluate("""
                    (() => { const t = document.getElementById('timeline').getBoundingClientRect();
                             const bars = [...document.querySelectorAll('.bar')].map(b => b.getBoundingClientRect());
                             return [...document.querySelectorAll('.stage-boundary span')].map(s => {
                               const r = s.getBoundingClientRect();
                               return {text: s.innerText, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                                       inside: r.left >= t.left && r.right <= t.right && r.top >= t.top,
                                       overBar: bars.some(b => r.left < b.right && b.left < r.right && r.top < b.bottom && b.top < r.bottom)};
                             }); })()""");
            assertThat(labels).hasSize(4);
            for (int a = 0; a < labels.size(); a++) {
                JsonNode x = labels.get(a);
                assertThat(x.get("inside").asBoolean()).as("inside the timeline: " + x).isTrue();
                assertThat(x.get("overBar").asBoolean()).as("covers no bar: " + x).isFalse();
                for (int b = a + 1; b < labels.size(); b++) {
                    JsonNode y = labels.get(b);
                    boolean overlap = x.get("left").asDouble() < y.get("right").asDouble() && y.get("left").asDouble() < x.get("right").asDouble()
                            && x.get("top").asDouble() < y.get("bottom").asDouble() && y.get("top").asDouble() < x.get("bottom").asDouble();
                    assertThat(overlap).as(x + " and " + y).isFalse();
                }
            }
            Path shots = Files.createDirectories(CliProcess.projectRoot().resolve("tests/target/report-screenshots"));
            Files.write(shots.resolve("crowded-stages-report.png"), chromium.screenshot());
        }
    }

    /** Deploys the saved plan, which must succeed, and gives its HTML report. */
    private static Path reportOfARunThatSucceeds(Path work, Path plan) {
        Path html = work.resolve("report.html");
        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "--tasklist", plan.toString(), "--report", html.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        return html;
    }
}
