package deployer.core.report;

import deployer.core.json.JsonOutput;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run report as one self-contained HTML file (inline CSS and script, nothing fetched: it opens from a CI
 * artifact or a mail attachment without a network): a timeline with a row per host and a bar per task coloured by
 * status, with stage boundaries; details of a task on hover (title) and on click (a panel); the recap per host (the
 * hosts skipped at planning among them, with why) and per stage; the failed tasks with their output tail; the effective config with sensitive values masked.
 *
 * <p>Rendered from the JSON report's tree, so both always say the same. Bars are placed here, not by the script,
 * so the page reads right even with scripts off; the script only fills the details panel.
 */
public final class HtmlReport {

    /** A bar shorter than this share of the timeline is drawn this wide, so a quick task stays visible and clickable. */
    private static final double MIN_BAR_PERCENT = 0.6;
    /** How wide the bar of a task that never ran is (it has no times of its own). */
    private static final double NOT_RUN_PERCENT = 2.5;

    private HtmlReport() {
    }

    /**
     * @param report          the tree of {@link RunReportJson#tree}
     * @param maskedConfig    the effective config, already masked ({@link MaskedConfig}), or null when there was none
     */
    @SuppressWarnings("unchecked")
    public static String html(Map<String, Object> report, Object maskedConfig) {
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) report.get("tasks");
        List<Map<String, Object>> stages = (List<Map<String, Object>>) report.get("stages");
        List<Map<String, Object>> hosts = (List<Map<String, Object>>) report.get("hosts");
        // Host → why it was left out at planning, per service: such a host has no task, so no bar and no counts.
        Map<String, List<String>> skippedAtPlanning = new LinkedHashMap<>();
        ((List<Map<String, Object>>) report.getOrDefault("skipped_hosts", List.of())).forEach(x -> skippedAtPlanning
                .computeIfAbsent(String.valueOf(x.get("host")), k -> new ArrayList<>()).add(x.get("service") + " " + x.get("why")));
        Instant runStart = instant(report.get("started"));
        Instant runEnd = instant(report.get("finished"));
        double span = Math.max(1, millisBetween(runStart, runEnd));

        StringBuilder h = new StringBuilder(16_384);
        String title = "Run " + report.get("tasklist") + ": " + report.get("status");
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<header><h1>").append(esc(String.valueOf(report.get("tasklist")))).append(" <span class=\"badge status-")
                .append(esc(String.valueOf(report.get("status")))).append("\">").append(esc(String.valueOf(report.get("status"))))
                .append("</span></h1>\n<p class=\"meta\">Run id <code>").append(esc(String.valueOf(report.get("run_id"))))
                .append("</code> · started ").append(esc(String.valueOf(report.get("started"))))
                .append(" · ").append(seconds(report.get("duration_ms"))).append(" · ").append(totalsLine(report))
                .append(skippedAtPlanning.isEmpty() ? "" : " · " + skippedAtPlanning.size() + (skippedAtPlanning.size() == 1 ? " host" : " hosts") + " skipped at planning")
                .append("</p></header>\n");

        // Timeline: one row per host; bars placed by start and end as shares of the run; stacked in sub-lanes where
        // tasks of one host overlap.
        h.append("<section><h2>Timeline</h2>\n<div class=\"legend\">");
        for (String s : List.of("SUCCEEDED", "FAILED", "SKIPPED", "NOT_RUN", "ALREADY_DONE")) {
            h.append("<span><i class=\"swatch status-").append(s).append("\"></i>").append(s.toLowerCase(Locale.ROOT).replace('_', ' ')).append("</span>");
        }
        h.append("</div>\n<div class=\"timeline\" id=\"timeline\">\n<div class=\"stages\">");
        for (Map<String, Object> s : stages) {
            Instant st = instant(s.get("started"));
            if (st == null) {
                continue;
            }
            double left = percent(millisBetween(runStart, st), span);
            // A boundary near the right edge has its label on its left, inside the timeline.
            h.append("<div class=\"stage-boundary").append(left > 80 ? " late" : "").append("\" data-stage=\"").append(s.get("number")).append("\" style=\"left:")
                    .append(fmt(left)).append("%\"><span>").append(esc(s.get("number") + " " + s.get("name"))).append("</span></div>");
        }
        h.append("</div>\n");
        Map<String, List<Map<String, Object>>> byHost = new LinkedHashMap<>();
        hosts.forEach(x -> byHost.put(String.valueOf(x.get("host")), new ArrayList<>()));
        tasks.forEach(t -> byHost.computeIfAbsent(String.valueOf(t.get("host")), k -> new ArrayList<>()).add(t));
        for (Map.Entry<String, List<Map<String, Object>>> e : byHost.entrySet()) {
            List<double[]> placed = new ArrayList<>();
            List<Integer> laneOf = new ArrayList<>();
            List<Double> laneEnds = new ArrayList<>();
            for (Map<String, Object> t : e.getValue()) {
                double[] at = place(t, stages, runStart, runEnd, span);
                int lane = 0;
                while (lane < laneEnds.size() && laneEnds.get(lane) > at[0] + 1e-9) {
                    lane++;
                }
                if (lane == laneEnds.size()) {
                    laneEnds.add(0.0);
                }
                laneEnds.set(lane, at[0] + at[1]);
                placed.add(at);
                laneOf.add(lane);
            }
            int lanes = Math.max(1, laneEnds.size());
            h.append("<div class=\"row\" data-host=\"").append(esc(e.getKey())).append("\"><div class=\"host\" title=\"")
                    .append(esc(e.getKey())).append("\">").append(esc(e.getKey())).append("</div><div class=\"track\" style=\"height:")
                    .append(lanes * 24).append("px\">");
            for (int i = 0; i < e.getValue().size(); i++) {
                Map<String, Object> t = e.getValue().get(i);
                double[] at = placed.get(i);
                String status = String.valueOf(t.get("status"));
                h.append("<div class=\"bar status-").append(esc(status)).append("\" tabindex=\"0\" data-task=\"").append(esc(String.valueOf(t.get("id"))))
                        .append("\" data-status=\"").append(esc(status)).append("\" style=\"left:").append(fmt(at[0]))
                        .append("%;width:").append(fmt(at[1])).append("%;top:").append(laneOf.get(i) * 24 + 2).append("px\" title=\"")
                        .append(esc(tooltip(t))).append("\">").append(esc(t.get("id") + " " + t.get("command"))).append("</div>");
            }
            h.append("</div></div>\n");
        }
        h.append("</div>\n<div id=\"details\" class=\"details\" hidden></div>\n<p class=\"hint\">Hover a bar for a summary; click it for the whole task.</p></section>\n");

        // Recap
        h.append("<section><h2>Recap</h2>\n<table class=\"recap\"><thead><tr><th>host</th><th>ok</th><th>changed</th><th>failed</th><th>unreachable</th>"
                + "<th>skipped</th><th>not run</th><th>already done</th><th>duration</th><th>skipped at planning</th></tr></thead><tbody>\n");
        for (Map<String, Object> x : hosts) {
            h.append("<tr data-host=\"").append(esc(String.valueOf(x.get("host")))).append("\"><td>").append(esc(String.valueOf(x.get("host")))).append("</td>");
            for (String k : List.of("ok", "changed", "failed", "unreachable", "skipped", "not_run", "already_done")) {
                Object n = x.get(k);
                boolean bad = (k.equals("failed") || k.equals("unreachable")) && !"0".equals(String.valueOf(n));
                h.append("<td class=\"num").append(bad ? " bad" : "").append("\">").append(n).append("</td>");
            }
            h.append("<td class=\"num\">").append(seconds(x.get("duration_ms"))).append("</td><td>")
                    .append(esc(String.join("; ", skippedAtPlanning.getOrDefault(String.valueOf(x.get("host")), List.of())))).append("</td></tr>\n");
        }
        // Hosts with no task at all, as Ansible's recap shows a skipped host: every count zero, and why.
        for (Map.Entry<String, List<String>> e : skippedAtPlanning.entrySet()) {
            if (hosts.stream().anyMatch(x -> e.getKey().equals(String.valueOf(x.get("host"))))) {
                continue;
            }
            h.append("<tr class=\"skipped-at-planning\" data-host=\"").append(esc(e.getKey())).append("\"><td>").append(esc(e.getKey())).append("</td>");
            for (int i = 0; i < 7; i++) {
                h.append("<td class=\"num\">0</td>");
            }
            h.append("<td class=\"num\">–</td><td>").append(esc(String.join("; ", e.getValue()))).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n<table class=\"stages-table\"><thead><tr><th>stage</th><th>status</th><th>tasks</th><th>duration</th><th></th></tr></thead><tbody>\n");
        for (Map<String, Object> s : stages) {
            h.append("<tr><td>").append(esc(s.get("number") + " " + s.get("name"))).append("</td><td class=\"status-text-")
                    .append(esc(String.valueOf(s.get("status")))).append("\">").append(esc(String.valueOf(s.get("status"))))
                    .append("</td><td class=\"num\">").append(s.get("tasks")).append("</td><td class=\"num\">").append(seconds(s.get("duration_ms")))
                    .append("</td><td>").append(s.get("skipped_because") == null ? "" : esc(String.valueOf(s.get("skipped_because")))).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
        List<Map<String, Object>> failed = tasks.stream().filter(t -> "FAILED".equals(t.get("status"))).toList();
        if (!failed.isEmpty()) {
            h.append("<h3>Failed tasks</h3>\n");
            for (Map<String, Object> t : failed) {
                h.append("<div class=\"failure\" data-task=\"").append(esc(String.valueOf(t.get("id")))).append("\"><p><b>")
                        .append(esc(t.get("id") + " " + t.get("command") + " on " + t.get("host"))).append("</b>: ")
                        .append(esc(t.get("reason") + ": " + t.get("message"))).append("</p>");
                List<?> tail = (List<?>) t.get("output_tail");
                if (!tail.isEmpty()) {
                    h.append("<pre>");
                    tail.forEach(l -> h.append(esc(String.valueOf(l))).append('\n'));
                    h.append("</pre>");
                }
                h.append("</div>\n");
            }
        }
        h.append("</section>\n");

        h.append("<section><h2>Effective config</h2>\n<p class=\"hint\">Sensitive values are shown as ********.</p>\n<pre class=\"config\">")
                .append(maskedConfig == null ? "(no config: the run read a saved tasklist only)" : esc(JsonOutput.toJson(maskedConfig)))
                .append("</pre></section>\n");

        // The report's data, for the details panel. Every '<' (only ever inside a JSON string) is written as its JSON
        // unicode escape, so no value can end the script element or open a comment in it.
        h.append("<script type=\"application/json\" id=\"report-data\">")
                .append(JsonOutput.toJson(report).replace("<", "\\u003c")).append("</script>\n");
        h.append("<script>\n").append(JS).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    /**
     * Where a task's bar goes, as [left, width] in percent of the run. A task that never ran gets a short hatched bar
     * where its stage started, or, for a stage that never started, where the next stage that ran started (else at the
     * end), so it is seen in its place in the order of the run.
     */
    private static double[] place(Map<String, Object> t, List<Map<String, Object>> stages, Instant runStart, Instant runEnd, double span) {
        Instant start = instant(t.get("started"));
        Instant end = instant(t.get("finished"));
        double minWidth = MIN_BAR_PERCENT;
        if (start == null) {
            int stage = ((Number) t.get("stage")).intValue();
            start = stages.stream().filter(s -> ((Number) s.get("number")).intValue() >= stage)
                    .map(s -> instant(s.get("started"))).filter(java.util.Objects::nonNull).findFirst().orElse(runEnd);
            end = start;
            minWidth = NOT_RUN_PERCENT;
        }
        double left = percent(millisBetween(runStart, start), span);
        double width = Math.max(minWidth, percent(millisBetween(start, end), span));
        left = Math.min(left, 100 - minWidth);
        width = Math.min(width, 100 - left);
        return new double[] {left, width};
    }

    private static String tooltip(Map<String, Object> t) {
        StringBuilder s = new StringBuilder();
        s.append(t.get("id")).append(' ').append(t.get("command")).append(" on ").append(t.get("host"));
        if (t.get("tag") != null) {
            s.append(" [").append(t.get("tag")).append(']');
        }
        s.append("\n").append(t.get("status"));
        if (t.get("reason") != null) {
            s.append(" (").append(t.get("reason")).append(')');
        }
        if (t.get("duration_ms") != null) {
            s.append(" in ").append(seconds(t.get("duration_ms")));
        }
        String message = String.valueOf(t.get("message"));
        if (!message.isBlank()) {
            s.append("\n").append(message.length() > 300 ? message.substring(0, 300) + "…" : message);
        }
        return s.toString();
    }

    @SuppressWarnings("unchecked")
    private static String totalsLine(Map<String, Object> report) {
        Map<String, Object> totals = (Map<String, Object>) report.get("totals");
        StringBuilder s = new StringBuilder().append(totals.get("tasks")).append(" tasks");
        totals.forEach((k, v) -> {
            if (!k.equals("tasks") && !"0".equals(String.valueOf(v))) {
                s.append(", ").append(v).append(' ').append(k.replace('_', ' '));
            }
        });
        return esc(s.toString());
    }

    private static Instant instant(Object iso) {
        return iso == null ? null : Instant.parse(String.valueOf(iso));
    }

    private static double millisBetween(Instant a, Instant b) {
        return a == null || b == null ? 0 : java.time.Duration.between(a, b).toNanos() / 1e6;
    }

    private static double percent(double part, double whole) {
        return Math.max(0, Math.min(100, part * 100 / whole));
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }

    private static String seconds(Object millis) {
        return millis == null ? "–" : String.format(Locale.ROOT, "%.1f s", ((Number) millis).longValue() / 1000.0);
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String CSS = """
            :root { --ok: #2e9d4a; --failed: #d32f2f; --skipped: #e0a526; --notrun: #9e9e9e; --done: #4a90b8; }
            body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #222; }
            h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; } h3 { font-size: 15px; }
            .meta, .hint { color: #666; margin: 4px 0; }
            .badge { font-size: 13px; padding: 2px 8px; border-radius: 10px; color: #fff; vertical-align: middle; }
            .badge.status-SUCCEEDED { background: var(--ok); } .badge.status-FAILED { background: var(--failed); }
            .badge.status-STOPPED, .badge.status-ABORTED { background: var(--skipped); }
            .legend span { margin-right: 14px; } .swatch { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px; border-radius: 2px; }
            .timeline { position: relative; border: 1px solid #ddd; padding: 22px 8px 8px 0; margin-top: 8px; overflow: hidden; }
            .stages { position: absolute; left: 168px; right: 8px; top: 0; bottom: 0; pointer-events: none; }
            .stage-boundary { position: absolute; top: 0; bottom: 0; border-left: 1px dashed #888; }
            .stage-boundary span { position: absolute; top: 2px; left: 3px; font-size: 11px; color: #555; white-space: nowrap; }
            .stage-boundary.late span { left: auto; right: 3px; }
            .row { display: flex; align-items: stretch; border-top: 1px solid #f0f0f0; }
            .host { width: 160px; flex: none; padding: 3px 8px; font-family: ui-monospace, monospace; font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
            .track { position: relative; flex: 1; min-width: 200px; }
            .bar { position: absolute; height: 20px; box-sizing: border-box; min-width: 4px; border-radius: 3px; cursor: pointer;
                   color: #fff; font-size: 11px; line-height: 20px; padding: 0 4px; overflow: hidden; white-space: nowrap; z-index: 1; }
            .bar:hover, .bar:focus, .bar.selected { outline: 2px solid #111; z-index: 2; }
            .status-SUCCEEDED { background: var(--ok); } .status-FAILED { background: var(--failed); }
            .status-SKIPPED { background: var(--skipped); } .status-NOT_RUN { background: var(--notrun); }
            .status-ALREADY_DONE { background: var(--done); }
            .bar.status-NOT_RUN { background: repeating-linear-gradient(45deg, #bdbdbd, #bdbdbd 4px, #e0e0e0 4px, #e0e0e0 8px); color: #333; }
            .details { border: 1px solid #ccc; background: #fafafa; padding: 8px 12px; margin-top: 8px; }
            .details pre, .failure pre, .config { background: #f4f4f4; padding: 8px; overflow: auto; font-size: 12px; }
            table { border-collapse: collapse; margin: 8px 0 16px; } th, td { border: 1px solid #ddd; padding: 4px 10px; text-align: left; }
            td.num { text-align: right; } td.bad { color: var(--failed); font-weight: bold; }
            tr.skipped-at-planning td { color: #666; }
            .status-text-FAILED { color: var(--failed); font-weight: bold; } .status-text-SUCCEEDED { color: var(--ok); }
            .failure { border-left: 4px solid var(--failed); padding-left: 10px; margin-bottom: 10px; }
            """;

    private static final String JS = """
            (function () {
              var data = JSON.parse(document.getElementById('report-data').textContent);
              var byId = {};
              data.tasks.forEach(function (t) { byId[t.id] = t; });
              var panel = document.getElementById('details');
              function text(tag, s) { var e = document.createElement(tag); e.textContent = s; return e; }
              function show(bar) {
                var t = byId[bar.getAttribute('data-task')];
                if (!t) return;
                document.querySelectorAll('.bar.selected').forEach(function (b) { b.classList.remove('selected'); });
                bar.classList.add('selected');
                panel.replaceChildren();
                panel.appendChild(text('h3', t.id + ' ' + t.command + ' on ' + t.host + (t.tag ? ' [' + t.tag + ']' : '')));
                var rows = [['stage', t.stage + ' ' + t.stage_name], ['status', t.status + (t.reason ? ' (' + t.reason + ')' : '')],
                            ['message', t.message], ['started', t.started || '–'], ['finished', t.finished || '–'],
                            ['duration', t.duration_ms == null ? '–' : (t.duration_ms / 1000).toFixed(1) + ' s'],
                            ['attempts', String(t.attempts)], ['exit status', t.exit_status == null ? '–' : String(t.exit_status)]];
                var table = document.createElement('table');
                rows.forEach(function (r) { var tr = document.createElement('tr'); tr.appendChild(text('th', r[0])); tr.appendChild(text('td', r[1])); table.appendChild(tr); });
                panel.appendChild(table);
                if (t.output_tail.length) panel.appendChild(text('pre', t.output_tail.join('\\n')));
                panel.hidden = false;
              }
              // Stage labels of short stages side by side would overlap: each goes to the first line (from the top)
              // where it touches no label already placed, and the timeline makes room for the lines used.
              function layOutStageLabels() {
                var lines = [];
                document.querySelectorAll('.stage-boundary span').forEach(function (label) {
                  var r = label.getBoundingClientRect();
                  var line = 0;
                  while (lines[line] && lines[line].some(function (p) { return r.left < p.right + 6 && p.left < r.right + 6; })) line++;
                  (lines[line] = lines[line] || []).push({left: r.left, right: r.right});
                  label.style.top = (2 + 18 * line) + 'px';
                });
                document.getElementById('timeline').style.paddingTop = (22 + 18 * Math.max(0, lines.length - 1)) + 'px';
              }
              layOutStageLabels();
              window.addEventListener('resize', layOutStageLabels);
              document.querySelectorAll('.bar').forEach(function (bar) {
                bar.addEventListener('click', function () { show(bar); });
                bar.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); show(bar); } });
              });
            })();
            """;
}
