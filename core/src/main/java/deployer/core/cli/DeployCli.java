package deployer.core.cli;

import deployer.core.exec.Executor;
import deployer.core.exec.RunReport;
import deployer.core.model.InputFileException;
import deployer.core.model.InvalidInputException;
import deployer.core.spi.HostException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;

/** {@code deploy}: generate (or read) the plan, validate all of it, then run it stage by stage. */
public final class DeployCli {

    static final String SCRIPT = "deploy";
    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);

    private DeployCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options = CliOptions.common();
        options.addOption(Option.builder().longOpt("dry-run").desc("validate the plan and stop: run nothing").get());
        try {
            CommandLine cl = CliOptions.parse(options, args);
            if (cl.hasOption("help")) {
                out.print(CliOptions.help(SCRIPT + " --config FILE [--component FILE… | --directory DIR] | --tasklist FILE [--config FILE]",
                        "Deploy: generate or read a tasklist, validate every task, then run it.", options));
                return 0;
            }
            try (Preparation p = Preparation.prepare(cl, SCRIPT)) {
                // stdout carries the run's result only: its summary, or that there was nothing to do. "Syntax ok"
                // of a dry run is a status line like the logs, so stderr.
                if (p.nothingToDo()) {
                    out.println("Nothing to deploy: " + p.tasklist.name() + " has no stages");
                    return 0;
                }
                if (cl.hasOption("dry-run")) {
                    err.println("Syntax ok");
                    return 0;
                }
                RunReport report;
                try (InterruptHandler ignored = InterruptHandler.install(p.executor, p.inFlight, LOG)) {
                    report = p.executor.run(p.plan, p.hosts, p.runId);
                }
                RunSummary.print(report, out);
                return report.succeeded() ? 0 : 1;
            }
        } catch (UsageException e) {
            return Preparation.usage(SCRIPT, e, err);
        } catch (InvalidInputException e) {
            return Preparation.invalid(SCRIPT, e, err);
        } catch (HostException e) {
            return Preparation.hostFailure(SCRIPT, e, err);
        } catch (IOException e) {
            err.println(SCRIPT + ": " + InputFileException.reason(e));
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(SCRIPT + ": interrupted");
            return 1;
        }
    }
}
