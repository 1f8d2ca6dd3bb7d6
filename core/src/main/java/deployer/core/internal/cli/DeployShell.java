package deployer.core.internal.cli;

import deployer.core.model.InvalidInputException;
import deployer.core.spi.HostException;
import deployer.core.spi.PlatformOption;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code deploy shell}: the plan (generated or read, then validated as for deploy) opened in a {@link PlanShell}. */
final class DeployShell extends SubCommand {

    static final String SCRIPT = "deploy shell";

    @Override
    String name() {
        return SCRIPT;
    }

    @Override
    String synopsis() {
        return "--config FILE [--component FILE… | --directory DIR] | --tasklist FILE [--config FILE]";
    }

    @Override
    String summary() {
        return "A shell over the plan: ls/cd through stages and tasks, show, run a stage or a task, hosts.";
    }

    @Override
    PlatformOption.Use platformUse() {
        return PlatformOption.Use.PLAN;
    }

    @Override
    Options options() {
        Options options = CliOptions.plan();
        options.addOption(Option.builder().longOpt("journal").hasArg().argName("FILE")
                .desc("append the journal of what the shell runs to FILE (default as for deploy)").get());
        return options;
    }

    @Override
    int execute(CommandLine cl, PrintStream out, PrintStream err)
            throws UsageException, InvalidInputException, HostException, IOException, InterruptedException {
        if (!Terminals.stdinIsTerminal()) {
            throw new UsageException("the shell needs a terminal on stdin; to run a plan without one, use deploy");
        }
        try (Preparation p = Preparation.prepare(cl, SCRIPT)) {
            if (p.nothingToDo()) {
                out.println("Nothing to deploy: " + p.tasklist.name() + " has no stages");
                return 0;
            }
            Path journal = p.journalPath("deploy-shell");
            return new PlanShell(p, journal).run(historyFile(journal));
        }
    }

    /** The shell's history, kept beside its journals (one history for every shell session there). */
    private static Path historyFile(Path journal) throws IOException {
        Path dir = journal.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return dir.resolve("deploy-shell.history");
    }
}
