package deployer.core.internal.cli;

import deployer.core.model.InvalidInputException;
import deployer.core.spi.HostException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

import java.io.IOException;
import java.io.PrintStream;

/**
 * One sub-command of the CLI ({@code deploy status}, {@code build-tasklist}…), as {@link CliTable} lists them. The
 * skeleton is here, once: parse the options (Commons CLI), {@code --help}, {@code --version}, then the body; a usage
 * mistake, invalid input, an unreadable file, a host that failed before the run or an interrupt end in one ladder of
 * messages and exit codes ({@link Preparation#failed}: 0 success, 1 the run failed, 2 usage, config or validation error).
 */
abstract class SubCommand {

    static final String EXIT_CODES = "0 success, 1 the run failed, 2 usage, config or validation error.";

    /** As the user types it: {@code deploy status}; its first word is the launcher. */
    abstract String name();

    /** The usage line after the name. */
    abstract String synopsis();

    /** What it does, for {@code --help}. */
    abstract String summary();

    /** Every option it takes; a new set each call (Commons CLI options are mutable). */
    abstract Options options();

    /** What its exit codes mean, for {@code --help}. */
    String exitCodes() {
        return EXIT_CODES;
    }

    /** Whether words other than options (an action, a file, a command after {@code --}) may follow. */
    boolean takesArguments() {
        return false;
    }

    abstract int execute(CommandLine cl, PrintStream out, PrintStream err)
            throws UsageException, InvalidInputException, HostException, IOException, InterruptedException;

    /** The CLI's answer when the body ended in one of these; a sub-command may add to it (a JSON report). */
    int failed(Exception e, PrintStream out, PrintStream err) {
        return Preparation.failed(name(), e, err);
    }

    final String help() {
        return CliOptions.help(name() + " " + synopsis(), summary(), options(), "\nExit codes: " + exitCodes());
    }

    final int run(String[] args, PrintStream out, PrintStream err) {
        Options options = options();
        try {
            CommandLine cl = parse(options, args);
            if (cl.hasOption("help")) {
                out.print(help());
                return 0;
            }
            if (options.hasLongOption("version") && cl.hasOption("version")) {
                out.println(BuildInfo.load().line(name()));
                return 0;
            }
            return execute(cl, out, err);
        } catch (UsageException | InvalidInputException | HostException | IOException | InterruptedException e) {
            return failed(e, out, err);
        }
    }

    private CommandLine parse(Options options, String[] args) throws UsageException {
        try {
            CommandLine cl = new DefaultParser().parse(options, args);
            if (!takesArguments() && !cl.getArgList().isEmpty()) {
                throw new UsageException("unexpected argument: " + cl.getArgList().get(0));
            }
            return cl;
        } catch (ParseException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
