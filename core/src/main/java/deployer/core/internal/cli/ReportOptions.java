package deployer.core.internal.cli;

import deployer.core.exec.RunEvent;
import deployer.core.exec.RunReport;
import deployer.core.json.JsonOutput;
import deployer.core.model.InputFileException;
import deployer.core.model.Redaction;
import deployer.core.report.HtmlReport;
import deployer.core.report.MaskedConfig;
import deployer.core.report.RunRecorder;
import deployer.core.report.RunReportJson;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --output text|json}, {@code --report-json FILE} and {@code --report FILE.html} of {@code deploy}: which
 * reports a run writes, from the run's events (a {@link RunRecorder} among its listeners). Files are checked before
 * anything runs, so a typo in a report path costs nothing.
 */
final class ReportOptions {

    private static final Logger LOG = LoggerFactory.getLogger(ReportOptions.class);

    private final boolean json;
    private final Path jsonFile;
    private final Path htmlFile;
    private final RunRecorder recorder = new RunRecorder();

    private ReportOptions(boolean json, Path jsonFile, Path htmlFile) {
        this.json = json;
        this.jsonFile = jsonFile;
        this.htmlFile = htmlFile;
    }

    /** What {@code --output} takes. */
    static final List<String> FORMATS = List.of("text", "json");

    /** {@code --output}, shared by every command that can print JSON instead of text. */
    static Option outputOption() {
        return Option.builder().longOpt("output").hasArg().argName("FORMAT")
                .desc("text (default) or json: with json, stdout carries only one JSON document (logs stay on stderr)").get();
    }

    static void addTo(Options options) {
        options.addOption(outputOption());
        options.addOption(Option.builder().longOpt("report-json").hasArg().argName("FILE")
                .desc("also write the run report as JSON to FILE (format: docs/schema/run-report.schema.json)").get());
        options.addOption(Option.builder().longOpt("report").hasArg().argName("FILE.html")
                .desc("also write the run report as one self-contained HTML file: timeline per host, recap, masked config").get());
    }

    /** Whether {@code --output json} was asked for; anything but text or json is a usage error. */
    static boolean jsonOutput(CommandLine cl) throws UsageException {
        return jsonOutput(cl, Set.of());
    }

    /**
     * @param oldTextSpellings what a command once called its text form ({@code deploy status}: table), still taken
     */
    static boolean jsonOutput(CommandLine cl, Set<String> oldTextSpellings) throws UsageException {
        String output = cl.getOptionValue("output", "text");
        if (!FORMATS.contains(output) && !oldTextSpellings.contains(output)) {
            throw new UsageException("--output: expected text or json, got '" + output + "'");
        }
        return output.equals("json");
    }

    static ReportOptions from(CommandLine cl) throws UsageException, InputFileException {
        boolean json = jsonOutput(cl);
        Path jsonFile = cl.hasOption("report-json") ? SaveTarget.check("--report-json", cl.getOptionValue("report-json")) : null;
        Path htmlFile = cl.hasOption("report") ? SaveTarget.check("--report", cl.getOptionValue("report")) : null;
        if (jsonFile != null && jsonFile.equals(htmlFile)) {
            throw new UsageException("--report-json and --report name the same file, " + jsonFile + "; give each its own");
        }
        return new ReportOptions(json, jsonFile, htmlFile);
    }

    boolean json() {
        return json;
    }

    /** The listener that keeps what the reports need; add it to the run's listeners. */
    RunRecorder recorder() {
        return recorder;
    }

    /** Records a run that had nothing to do, so that its reports exist and say so (zero tasks, succeeded). */
    void nothingToDo(String runId, deployer.core.model.Tasklist tasklist) {
        Instant now = Instant.now();
        recorder.onEvent(new RunEvent.RunStarted(now, runId, tasklist));
        recorder.onEvent(new RunEvent.RunFinished(now, new RunReport(tasklist.name(), RunReport.RunStatus.SUCCEEDED, List.of(), now, now)));
    }

    /**
     * Writes the reports asked for and, with {@code --output json}, prints the JSON report on {@code out}. A report
     * file that cannot be written is said on stderr and makes the exit code 1 (CI would miss it otherwise), but never
     * hides the run's own result.
     *
     * @return whether every report was written
     */
    boolean write(Preparation p, Path journal, PrintStream out, PrintStream err) {
        Set<String> sensitive = Redaction.values(p.tasklist);
        Map<String, Object> tree = RunReportJson.tree(recorder, sensitive);
        tree.put("journal", journal == null ? null : journal.toString());
        String jsonText = JsonOutput.toJson(tree);
        if (json) {
            out.print(jsonText);
            out.flush();
        }
        boolean ok = true;
        if (jsonFile != null) {
            ok &= writeFile(jsonText, jsonFile, "--report-json", err);
        }
        if (htmlFile != null) {
            Object plain = p.config == null || p.config.root() == null ? null : p.config.root().toPlain();
            Object config = plain == null || (plain instanceof Map<?, ?> m && m.isEmpty()) ? null : MaskedConfig.of(plain, sensitive);
            ok &= writeFile(HtmlReport.html(tree, config), htmlFile, "--report", err);
        }
        return ok;
    }

    private static boolean writeFile(String text, Path file, String option, PrintStream err) {
        try {
            JsonOutput.write(text, file);
            LOG.info("Wrote the run report to {}", file);
            return true;
        } catch (IOException e) {
            err.println(Deploy.SCRIPT + ": " + option + " " + file + ": could not write the report: " + InputFileException.reason(e));
            return false;
        }
    }
}
