package deployer.core.internal.cli;

import deployer.core.internal.exec.Engine;
import deployer.core.exec.Run;
import deployer.core.exec.RunListener;
import deployer.core.exec.RunReport;
import deployer.core.internal.metrics.GraphiteMetrics;
import deployer.core.internal.metrics.RunMetrics;
import deployer.core.internal.journal.Journal;
import deployer.core.internal.journal.TasklistHash;
import deployer.core.internal.progress.ProgressDisplay;
import deployer.core.json.TasklistWriter;
import deployer.core.model.InputFileException;
import deployer.core.model.InvalidInputException;
import deployer.core.spi.HostException;
import deployer.core.spi.PlatformOption;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code deploy}, the default sub-command: generate (or read) the plan, validate all of it, then run it stage by stage. */
final class Deploy extends SubCommand {

    static final String SCRIPT = "deploy";
    /** Resume where the journal's refusals (a changed plan, a task that may have half-run) would stop it. */
    static final String RESUME_ANYWAY = "resume-anyway";

    @Override
    String name() {
        return SCRIPT;
    }

    @Override
    String synopsis() {
        return "--config FILE [--environment NAME] [--component FILE… | --directory DIR] | --tasklist FILE [--config FILE]";
    }

    @Override
    String summary() {
        return "Deploy: generate or read a tasklist, validate every task, then run it. Also: deploy status --help (what runs"
                + " where), deploy run --help (one command on hosts), deploy shell --help (a shell over the plan),"
                + " deploy secrets --help (the encrypted secrets of an environment), deploy lock release --help"
                + " (remove the deploy locks of a run that died), deploy approve|rollback|abort RUN_ID (answer the approval"
                + " gate a run waits at).";
    }

    @Override
    PlatformOption.Use platformUse() {
        return PlatformOption.Use.PLAN;
    }

    @Override
    Options options() {
        Options options = CliOptions.plan();
        options.addOption(Option.builder().longOpt("dry-run").desc("validate the plan and stop: run nothing").get());
        options.addOption(Option.builder().longOpt("diff")
                .desc("with --dry-run: show, per host, a unified diff of each file the plan would write (upload_template) against the host's current file; changes nothing").get());
        options.addOption(Option.builder().longOpt("journal").hasArg().argName("FILE")
                .desc("append the run's journal (JSON lines, one per event) to FILE; default: beside the --logdir log, else ~/.local/state/deployer/journal").get());
        options.addOption(Option.builder().longOpt("resume").hasArg().argName("JOURNAL")
                .desc("with --tasklist: go on where the run of JOURNAL stopped (done tasks are not run again)").get());
        options.addOption(Option.builder().longOpt(RESUME_ANYWAY)
                .desc("with --resume: resume even a plan changed since its journal, and run again tasks that started without an end").get());
        ReportOptions.addTo(options);
        return options;
    }

    @Override
    int execute(CommandLine cl, PrintStream out, PrintStream err)
            throws UsageException, InvalidInputException, HostException, IOException, InterruptedException {
        if (cl.hasOption("resume") && !cl.hasOption("tasklist")) {
            throw new UsageException("--resume JOURNAL goes on with a saved plan: give the plan with --tasklist FILE"
                    + " (a plan generated afresh would not be the one the journal ran)");
        }
        if (cl.hasOption(RESUME_ANYWAY) && !cl.hasOption("resume")) {
            throw new UsageException("--" + RESUME_ANYWAY + " overrides the refusals of a resume: give it with --resume JOURNAL");
        }
        if (cl.hasOption("force") && cl.hasOption("resume")) {
            // --force once also meant this; a saved plan's hosts are already chosen, so it can only be that.
            throw new UsageException("--force picks hosts where the service is not configured, which a saved plan has"
                    + " already done; to resume a changed plan or run again a task that may have half-run, give --" + RESUME_ANYWAY);
        }
        ReportOptions reports = ReportOptions.from(cl);
        // With --output json, stdout carries the JSON report alone; the human summary goes to stderr with the logs.
        PrintStream human = reports.json() ? err : out;
        if (cl.hasOption("diff") && !cl.hasOption("dry-run")) {
            throw new UsageException("--diff shows what a deploy would change: give it with --dry-run");
        }
        try (Preparation p = Preparation.prepare(cl, SCRIPT, !cl.hasOption("dry-run"))) {
            // stdout carries the run's result only: its summary, or that there was nothing to do. "Syntax ok"
            // of a dry run is a status line like the logs, so stderr.
            if (p.nothingToDo()) {
                human.println("Nothing to deploy: " + p.tasklist.name() + " has no stages");
                RunRecap.printSkippedOnly(p.tasklist.skippedHosts(), human);
                reports.nothingToDo(p.runId.value(), p.tasklist);
                return reports.write(p, null, out, err) ? 0 : 1;
            }
            if (cl.hasOption("dry-run") && cl.hasOption("diff")) {
                return DryRunDiff.run(p, out);
            }
            if (cl.hasOption("dry-run")) {
                err.println("Syntax ok");
                return 0;
            }
            Path journalPath = p.journalPath(SCRIPT);
            // A generated plan is saved beside its journal, so that a failed run can be resumed with the very
            // plan it ran (generating again would plan from the hosts' new state).
            Path planPath = cl.hasOption("tasklist") ? Path.of(cl.getOptionValue("tasklist")) : savePlan(journalPath, p);
            RunReport report;
            Optional<GraphiteMetrics> graphite = GraphiteMetrics.from(p.config);
            RunMetrics metrics = new RunMetrics();
            RunRecap recap = new RunRecap();
            Logger log = LoggerFactory.getLogger(Engine.LOGGER);
            try (Journal journal = openJournal(journalPath, p)) {
                log.info("Journal of run {}: {}", p.runId, journal.file());
                // The progress display is closed (its status lines gone, stderr given back) before the recap.
                try (ProgressDisplay progress = ProgressDisplay.open()) {
                    List<RunListener> listeners = new ArrayList<>(List.of(journal, reports.recorder(), recap, progress,
                            ApprovalPrompt.forThisProcess(p.runId, err, progress)));
                    if (graphite.isPresent()) {
                        listeners.add(metrics);
                    }
                    Run run = p.executor.newRun(p.plan, p.hosts, p.runId, listeners, p.resume, InteractiveFailures.forThisProcess(err, progress));
                    try (InterruptHandler ignored = InterruptHandler.install(run, p.inFlight, log)) {
                        report = run.start().await();
                    }
                }
            }
            // After the run, not in a listener: sending may wait on the network, and listeners must be quick.
            graphite.ifPresent(g -> g.send(metrics));
            RunSummary.print(report, p.plan, human);
            recap.print(report, p.tasklist.skippedHosts(), human);
            human.println("Run id: " + p.runId + (p.environment == null ? "" : " · environment: " + p.environment)
                    + " · journal: " + journalPath + (p.logFile == null ? "" : " · log: " + p.logFile));
            if (!report.succeeded()) {
                // The config goes along: the plan names the hosts, but how to reach them (SSH user, keys,
                // known_hosts) is in the config; a resume without it fails on every SSH host (found by
                // SshFaultsResumeTest: HOST_KEY_MISMATCH against ~/.ssh/known_hosts).
                human.println("Resume with: deploy --tasklist " + planPath + " --resume " + journalPath
                        + (cl.hasOption("config") ? " --config " + cl.getOptionValue("config") : "")
                        + (p.environment == null ? "" : " --environment " + p.environment));
            }
            boolean reported = reports.write(p, journalPath, out, err);
            return report.succeeded() && reported ? 0 : 1;
        }
    }

    private static Path savePlan(Path journalPath, Preparation p) throws InputFileException {
        String name = journalPath.getFileName().toString().replaceFirst("\\.journal$", "") + ".plan.json";
        Path file = journalPath.resolveSibling(name);
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                java.nio.file.Files.createDirectories(dir);
            }
            TasklistWriter.save(p.tasklist, file);
            MaskedSources.save(p.tasklist, p.config, file);
            return file;
        } catch (IOException e) {
            throw InputFileException.of("saving the plan beside the journal, " + file, e);
        }
    }

    private static Journal openJournal(Path file, Preparation p) throws InputFileException {
        try {
            return Journal.open(file, p.runId.value(), TasklistHash.of(p.tasklist), p.environment);
        } catch (IOException e) {
            throw InputFileException.of("--journal " + file, e);
        }
    }
}
