package deployer.core.internal.cli;

import deployer.core.config.ConfigListing;
import deployer.core.internal.exec.GeneratorRegistry;
import deployer.core.internal.exec.CommandRegistry;
import deployer.core.spi.CommandSchemas;
import deployer.core.internal.log.LogSetup;
import deployer.core.json.TasklistWriter;
import deployer.core.report.PlanReportJson;
import deployer.core.model.InputFileException;
import deployer.core.model.InvalidInputException;
import deployer.core.spi.HostException;
import deployer.core.spi.PlatformOption;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code build-tasklist}: the dry run. Generates (or reads) the plan, validates every command, runs nothing. Its
 * modes {@code --diff} ({@link BuildTasklistDiff}) and {@code --explain-config} ({@link BuildTasklistExplainConfig})
 * take its options.
 */
final class BuildTasklist extends SubCommand {

    static final String SCRIPT = "build-tasklist";
    /** This run prints its result as JSON ({@code --output json}), so an invalid plan is reported so too. */
    private boolean json;

    @Override
    String name() {
        return SCRIPT;
    }

    @Override
    String synopsis() {
        return "--config FILE [--environment NAME] [--show-config] [--component FILE… | --directory DIR] [--dump] [--save FILE]";
    }

    @Override
    String summary() {
        return "Generate and validate a tasklist without running it; says 'Syntax ok' on stderr. stdout carries only the --dump JSON or the --output json plan report.";
    }

    @Override
    PlatformOption.Use platformUse() {
        return PlatformOption.Use.PLAN;
    }

    @Override
    Options options() {
        Options options = CliOptions.plan();
        options.addOption(Option.builder().longOpt("dump").desc("print the tasklist JSON").get());
        options.addOption(Option.builder().longOpt("save").hasArg().argName("FILE").desc("write the tasklist JSON to FILE").get());
        options.addOption(Option.builder().longOpt("show-config")
                .desc("print the merged config (file, --environment overlay, *_defaults, options) with where each value was set, credentials masked; and exit").get());
        options.addOption(Option.builder().longOpt("explain-config").hasArg().argName("PLATFORM")
                .desc("print every config key of PLATFORM (type, range, default, description) and exit; 'all' prints CONFIG.md").get());
        options.addOption(Option.builder().longOpt("schema")
                .desc("print the JSON Schema of the tasklist format (for editors; docs/schema/tasklist.schema.json) and exit").get());
        options.addOption(ReportOptions.outputOption());
        options.addOption(Option.builder().longOpt("diff").hasArg().argName("OLD.json")
                .desc("compare the saved plan OLD.json with the plan the config would produce (or with --tasklist NEW.json): what changed by stage, task and argument; exit 0 equal, 1 different, 2 bad input").get());
        return options;
    }

    @Override
    int execute(CommandLine cl, PrintStream out, PrintStream err)
            throws UsageException, InvalidInputException, HostException, IOException, InterruptedException {
        if (cl.hasOption("explain-config")) {
            out.print(BuildTasklistExplainConfig.text(cl.getOptionValue("explain-config"), GeneratorRegistry.load()));
            return 0;
        }
        if (cl.hasOption("show-config")) {
            LogSetup.verbosity(cl.hasOption("verbose"), cl.hasOption("debug"));
            out.print(ConfigListing.text(PlanSource.config(cl, true, GeneratorRegistry.load())));
            return 0;
        }
        if (cl.hasOption("schema")) {
            out.print(CommandSchemas.tasklistSchema(CommandRegistry.load().commands()));
            return 0;
        }
        if (cl.hasOption("diff")) {
            return BuildTasklistDiff.run(cl, out, err);
        }
        json = ReportOptions.jsonOutput(cl);
        if (json && cl.hasOption("dump")) {
            throw new UsageException("--output json prints the plan report on stdout, --dump the plan: give one of them"
                    + " (--save FILE writes the plan beside either)");
        }
        Path saveTo = cl.hasOption("save") ? SaveTarget.check(cl.getOptionValue("save")) : null;
        try (Preparation p = Preparation.prepare(cl, SCRIPT)) {
            // stdout carries only the plan (--dump) or the plan report (--output json); every status line goes to
            // stderr, so that `build-tasklist --dump > plan.json` and `--dump | python3 -m json.tool` work.
            if (p.nothingToDo()) {
                err.println("Nothing to deploy: " + p.tasklist.name() + " has no stages");
                if (json) {
                    out.print(PlanReportJson.valid(p.runId.value(), p.tasklist, null));
                }
                return 0;
            }
            err.println("Syntax ok");
            if (cl.hasOption("dump")) {
                out.print(TasklistWriter.toJson(p.tasklist));
            }
            if (json) {
                out.print(PlanReportJson.valid(p.runId.value(), p.tasklist, p.plan));
            }
            if (saveTo != null) {
                try {
                    TasklistWriter.save(p.tasklist, saveTo);
                } catch (IOException e) {
                    throw InputFileException.of("--save " + saveTo, e);
                }
                err.println("Saved tasklist to " + saveTo);
            }
            return 0;
        }
    }

    /** With {@code --output json}, invalid input is also a plan report on stdout. */
    @Override
    int failed(Exception e, PrintStream out, PrintStream err) {
        if (e instanceof InvalidInputException invalid && json) {
            out.print(PlanReportJson.invalid(null, null, invalid.problems()));
        }
        return super.failed(e, out, err);
    }
}
