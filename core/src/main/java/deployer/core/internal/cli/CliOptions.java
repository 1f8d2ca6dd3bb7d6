package deployer.core.internal.cli;

import deployer.core.config.CoreSchema;
import deployer.core.config.ValueType;
import deployer.core.spi.PlatformOption;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Core's options, those every platform has, each sub-command picking its own; and how typed options become config
 * keys. A platform's options are its generator's ({@link PlatformOption}, parsed as {@link PlatformCliOption}).
 * Only options the user typed reach the config: an option left out never overwrites a config key.
 */
final class CliOptions {

    static final int HELP_WIDTH = 100;
    static final int LEFT_PAD = 2;
    private static final int MIN_DESCRIPTION_PAD = 4;

    private CliOptions() {
    }

    static Option config() {
        return Option.builder("c").longOpt("config").hasArg().argName("FILE").desc("YAML config; its 'platform' picks the generator").get();
    }

    static Option environment() {
        return Option.builder("e").longOpt("environment").hasArg().argName("NAME")
                .desc("lay environments/NAME.yaml (beside the config) over the config; secrets come from secrets/NAME.yaml.enc").get();
    }

    static Option secretsKeyFile() {
        return Option.builder().longOpt("secrets-key-file").hasArg().argName("FILE")
                .desc("the key (or passphrase) of the environment's secrets file (else secrets_key_file, DEPLOYER_SECRETS_KEY, DEPLOYER_SECRETS_PASSPHRASE)").get();
    }

    static Option tasklist() {
        return Option.builder().longOpt("tasklist").hasArg().argName("FILE").desc("a saved (possibly hand-edited) tasklist JSON").get();
    }

    static Option parallel() {
        return Option.builder().longOpt("parallel").hasArg().argName("N").desc("deploy concurrency (overrides deploy_concurrency)").get();
    }

    static Option help() {
        return Option.builder("h").longOpt("help").desc("show this help").get();
    }

    static Option version() {
        return Option.builder().longOpt("version").desc("print the version and the git commit it was built from").get();
    }

    /** {@code -v}, {@code -d} and {@code --logdir}: how much is logged, and where besides stderr. */
    static List<Option> logging() {
        return List.of(
                Option.builder("v").longOpt("verbose").desc("more detail (debug messages of the deployer)").get(),
                Option.builder("d").longOpt("debug").desc("everything at debug level, libraries included").get(),
                Option.builder().longOpt("logdir").hasArg().argName("DIR").desc("also log to DIR/<script>_<run id>.log").get());
    }

    /** Core's options of the sub-commands that plan a deploy ({@code deploy}, {@code build-tasklist}, {@code deploy shell}). */
    static Options plan() {
        Options o = of(config(), environment(), secretsKeyFile(), tasklist(), parallel(), help(), version());
        logging().forEach(o::addOption);
        return o;
    }

    static Options of(Option... options) {
        Options o = new Options();
        for (Option option : options) {
            o.addOption(option);
        }
        return o;
    }

    /**
     * A sub-command's help: the usage line as written (its synopsis; Commons CLI's generated list of every option would
     * repeat the table below it), the summary, the options with their descriptions starting at {@code column}, and
     * the footer.
     */
    static String help(String usage, String summary, Options options, String footer, int column) {
        StringWriter out = new StringWriter();
        new HelpFormatter().printHelp(new PrintWriter(out), HELP_WIDTH, usage, summary, options, LEFT_PAD,
                descriptionPad(options, column), footer, false);
        return out.toString();
    }

    /** How far in an option's description starts; see {@link #descriptionPad}. */
    static int column(Options options) {
        int widest = 0;
        for (Option o : options.getOptions()) {
            int width = LEFT_PAD + (o.getOpt() == null ? 3 : 1 + o.getOpt().length() + (o.hasLongOpt() ? 1 : 0))
                    + (o.hasLongOpt() ? 2 + o.getLongOpt().length() : 0)
                    + (o.hasArg() ? 3 + String.valueOf(o.getArgName()).length() : 0);
            widest = Math.max(widest, width);
        }
        return widest + MIN_DESCRIPTION_PAD;
    }

    /**
     * The padding that starts descriptions at {@code column} in a table of {@code options}: HelpFormatter pads from
     * the widest option of the table it prints, so the core options and each platform's section, printed as separate
     * tables, line up only when each gets the pad that makes up the difference (as HelpFormatter measures: pad,
     * {@code -c,} or three spaces, {@code --name}, {@code  <ARG>}).
     */
    static int descriptionPad(Options options, int column) {
        return MIN_DESCRIPTION_PAD + column - column(options);
    }

    /** The typed options as config keys (snake_case), for {@code Config.withCommandLine}. */
    static Map<String, Object> configOverrides(CommandLine cl) throws UsageException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Option typed : cl.getOptions()) {
            if (typed instanceof PlatformCliOption p && p.declaration.target() instanceof PlatformOption.SetsKey key) {
                m.put(key.key().name(), value(p.declaration, key, cl));
            }
        }
        if (cl.hasOption("parallel")) {
            // Checked against the declared range of deploy_concurrency, the key the option becomes.
            ValueType.Whole range = (ValueType.Whole) CoreSchema.DEPLOY_CONCURRENCY.type();
            String typed = cl.getOptionValue("parallel");
            if (!typed.matches("\\d+") || new BigInteger(typed).compareTo(BigInteger.valueOf(range.min())) < 0) {
                throw new UsageException("--parallel: expected " + range.describe() + ", got '" + typed + "'");
            }
            if (new BigInteger(typed).compareTo(BigInteger.valueOf(range.max())) > 0) {
                throw new UsageException("--parallel: too large (at most " + range.max() + "), got " + typed);
            }
            m.put(CoreSchema.DEPLOY_CONCURRENCY.name(), Long.parseLong(typed));
        }
        return m;
    }

    /** What a platform option's typed words are as a value of the key it sets: its type reads them. */
    private static Object value(PlatformOption option, PlatformOption.SetsKey key, CommandLine cl) throws UsageException {
        ValueType type = key.key().type();
        if (type instanceof ValueType.Flag) {
            return true;
        }
        if (option.takesMany()) {
            return List.of(cl.getOptionValues(option.name()));
        }
        String typed = cl.getOptionValue(option.name());
        if (type instanceof ValueType.Whole range) {
            String expected = range.describe().replaceFirst("^a whole number",
                    "a whole number" + (key.unit() == null ? "" : " of " + key.unit()));
            try {
                long n = Long.parseLong(typed);
                if (n < range.min() || n > range.max()) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new UsageException("--" + option.name() + ": expected " + expected + ", got '" + typed + "'");
            }
        }
        return typed;
    }
}
