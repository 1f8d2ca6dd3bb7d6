package deployer.core.internal.cli;

import deployer.core.model.InvalidInputException;
import deployer.core.spi.HostException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;
import deployer.core.internal.exec.GeneratorRegistry;
import deployer.core.spi.PlatformOption;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * One sub-command of the CLI ({@code deploy status}, {@code build-tasklist}…), as {@link CliTable} lists them. The
 * skeleton is here, once: parse the options (Commons CLI), {@code --help}, {@code --version}, then the body; a usage
 * mistake, invalid input, an unreadable file, a host that failed before the run or an interrupt end in one ladder of
 * messages and exit codes ({@link Preparation#failed}: 0 success, 1 the run failed, 2 usage, config or validation error).
 */
abstract class SubCommand {

    private static final String SCRIPT_HELP = "'%s --help --config FILE' lists the options of its platform";

    static final String EXIT_CODES = "0 success, 1 the run failed, 2 usage, config or validation error.";

    /** As the user types it: {@code deploy status}; its first word is the launcher. */
    abstract String name();

    /** The usage line after the name. */
    abstract String synopsis();

    /** What it does, for {@code --help}. */
    abstract String summary();

    /** Core's options it takes; a new set each call (Commons CLI options are mutable). */
    abstract Options options();

    /**
     * What it asks of the config's generator, so which of the platform's options ({@link PlatformOption#uses()}) it
     * takes besides its own; null when it takes none.
     */
    PlatformOption.Use platformUse() {
        return null;
    }

    /** The words that may follow it before its options ({@code deploy secrets encrypt}), for completion. */
    List<String> actions() {
        return List.of();
    }

    /** Those of {@link #actions()} that a file follows ({@code deploy secrets encrypt PLAINFILE}). */
    List<String> actionsTakingAFile() {
        return List.of();
    }

    /** Core's options and every installed platform's that it takes, as a line without a config is parsed. */
    final Options allOptions() {
        return platforms().union(options());
    }

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

    /** The help without a config: core's options, then every installed platform's. */
    final String help() {
        return help(platforms(), null);
    }

    private String help(PlatformOptions platforms, String platform) {
        Options core = options();
        int column = CliOptions.column(platforms.union(core));
        return CliOptions.help(name() + " " + synopsis(), summary(), core,
                platforms.help(platform, column) + "\nExit codes: " + exitCodes(), column);
    }

    private PlatformOptions platforms() {
        return platformUse() == null ? PlatformOptions.NONE : PlatformOptions.of(GeneratorRegistry.load(), platformUse());
    }

    final int run(String[] args, PrintStream out, PrintStream err) {
        Options core = options();
        try {
            PlatformOptions platforms = platforms();
            Options options = platforms.union(core);
            CommandLine cl = parse(options, args);
            String platform = platformUse() != null && cl.hasOption("config") ? PlatformOptions.platformOf(cl.getOptionValue("config")) : null;
            Options own = platform == null ? null : platforms.of(platform, core).orElse(null);
            if (own != null) {
                // The config names its platform: the line is read again with that platform's options alone.
                options = own;
                cl = parseFor(platforms, platform, own, args);
            }
            if (cl.hasOption("help")) {
                out.print(help(platforms, own == null ? null : platform));
                return 0;
            }
            if (options.hasLongOption("version") && cl.hasOption("version")) {
                out.println(BuildInfo.load().line(name()));
                return 0;
            }
            PlatformRules.check(cl, options);
            return execute(cl, out, err);
        } catch (UsageException | InvalidInputException | HostException | IOException | InterruptedException e) {
            return failed(e, out, err);
        }
    }

    /** {@link #parse}, where an option of another platform is named as such. */
    private CommandLine parseFor(PlatformOptions platforms, String platform, Options options, String[] args) throws UsageException {
        try {
            new DefaultParser().parse(options, args);
        } catch (UnrecognizedOptionException e) {
            String name = e.getOption().replaceFirst("^--?", "").replaceFirst("=.*", "");
            List<String> others = platforms.declaring(name);
            if (!others.isEmpty()) {
                throw new UsageException("--" + name + " is an option of platform " + String.join(", ", others)
                        + ", not of platform '" + platform + "' (the config's); " + SCRIPT_HELP.formatted(name()));
            }
        } catch (ParseException e) {
            // Reported as any other mistake of the line, below.
        }
        return parse(options, args);
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
