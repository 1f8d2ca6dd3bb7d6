package deployer.core.internal.cli;

import deployer.core.config.CoreSchema;
import deployer.core.config.ValueType;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options shared by {@code deploy} and {@code build-tasklist}, and how typed options become config keys.
 * Only options the user typed reach the config: an option left out never overwrites a config key.
 */
final class CliOptions {

    /** A day: longer is surely a typo (and would overflow nothing, but would hang a CI job for good). */
    static final long MAX_LOCK_WAIT = 86_400;

    private CliOptions() {
    }

    static Options common() {
        Options o = new Options();
        o.addOption(Option.builder("c").longOpt("config").hasArg().argName("FILE").desc("YAML config; its 'platform' picks the generator").get());
        o.addOption(Option.builder("e").longOpt("environment").hasArg().argName("NAME")
                .desc("lay environments/NAME.yaml (beside the config) over the config; secrets come from secrets/NAME.yaml.enc").get());
        o.addOption(Option.builder().longOpt("secrets-key-file").hasArg().argName("FILE")
                .desc("the key (or passphrase) of the environment's secrets file (else secrets_key_file, DEPLOYER_SECRETS_KEY, DEPLOYER_SECRETS_PASSPHRASE)").get());
        o.addOption(Option.builder().longOpt("component").hasArgs().argName("FILE…").desc("package files to deploy").get());
        o.addOption(Option.builder().longOpt("directory").hasArg().argName("DIR").desc("deploy every package file in DIR").get());
        o.addOption(Option.builder().longOpt("release").hasArg().argName("DIR").desc("same as --directory").get());
        o.addOption(Option.builder().longOpt("tasklist").hasArg().argName("FILE").desc("a saved (possibly hand-edited) tasklist JSON").get());
        o.addOption(Option.builder().longOpt("hosts").hasArgs().argName("HOST…").desc("only these hosts").get());
        o.addOption(Option.builder().longOpt("hostgroups").hasArgs().argName("GROUP…").desc("only these host groups").get());
        o.addOption(Option.builder().longOpt("categories").hasArgs().argName("CATEGORY…").desc("only services of these categories").get());
        o.addOption(Option.builder().longOpt("redeploy").desc("deploy even to hosts already at the version").get());
        o.addOption(Option.builder().longOpt("allow-downgrade").desc("deploy even to hosts that run a newer release (else refused)").get());
        o.addOption(Option.builder().longOpt("ignore-lb").desc("skip load balancer steps").get());
        o.addOption(Option.builder().longOpt("force").desc("deploy to hosts even where the service is not configured").get());
        o.addOption(Option.builder().longOpt("parallel").hasArg().argName("N").desc("deploy concurrency (overrides deploy_concurrency)").get());
        o.addOption(Option.builder().longOpt("rollback").hasArg().argName("SERVICE").desc("switch SERVICE back to the release that was current before (repeat to go further back)").get());
        o.addOption(Option.builder().longOpt("to").hasArg().argName("VERSION").desc("with --rollback: switch to this installed release instead").get());
        o.addOption(Option.builder().longOpt("lock-wait").hasArg().argName("SECONDS").desc("if another run holds a host's deploy lock, wait up to SECONDS for it (default: fail at once)").get());
        o.addOption(Option.builder().longOpt("no-lock").desc("take no deploy locks (plans without the lock stages)").get());
        o.addOption(Option.builder("v").longOpt("verbose").desc("more detail (debug messages of the deployer)").get());
        o.addOption(Option.builder("d").longOpt("debug").desc("everything at debug level, libraries included").get());
        o.addOption(Option.builder().longOpt("logdir").hasArg().argName("DIR").desc("also log to DIR/<script>_<run id>.log").get());
        o.addOption(Option.builder("h").longOpt("help").desc("show this help").get());
        o.addOption(Option.builder().longOpt("version").desc("print the version and the git commit it was built from").get());
        return o;
    }

    static String help(String usage, String summary, Options options, String footer) {
        StringWriter out = new StringWriter();
        new HelpFormatter().printHelp(new PrintWriter(out), 100, usage, summary, options, 2, 4, footer, true);
        return out.toString();
    }

    /** The typed options as config keys (snake_case), for {@code Config.withCommandLine}. */
    static Map<String, Object> configOverrides(CommandLine cl) throws UsageException {
        Map<String, Object> m = new LinkedHashMap<>();
        if (cl.hasOption("hosts")) m.put("target_hosts", List.of(cl.getOptionValues("hosts")));
        if (cl.hasOption("hostgroups")) m.put("target_hostgroups", List.of(cl.getOptionValues("hostgroups")));
        if (cl.hasOption("categories")) m.put("target_categories", List.of(cl.getOptionValues("categories")));
        if (cl.hasOption("redeploy")) m.put("redeploy", true);
        if (cl.hasOption("allow-downgrade")) m.put("allow_downgrade", true);
        if (cl.hasOption("ignore-lb")) m.put("ignore_lb", true);
        if (cl.hasOption("force")) m.put("force", true);
        if (cl.hasOption("rollback")) m.put("rollback", cl.getOptionValue("rollback"));
        if (cl.hasOption("to")) {
            if (!cl.hasOption("rollback")) {
                throw new UsageException("--to VERSION picks the release of a rollback; give it with --rollback SERVICE");
            }
            m.put("rollback_to", cl.getOptionValue("to"));
        }
        if (cl.hasOption("lock-wait") || cl.hasOption("no-lock")) {
            if (cl.hasOption("tasklist")) {
                // A saved plan already holds its lock stages; options could not change them silently.
                throw new UsageException("--lock-wait and --no-lock shape a generated plan; with --tasklist, edit the"
                        + " plan's acquire_lock 'wait' argument or remove its lock stages");
            }
            if (cl.hasOption("lock-wait") && cl.hasOption("no-lock")) {
                throw new UsageException("give only one of --lock-wait and --no-lock");
            }
        }
        if (cl.hasOption("no-lock")) m.put("no_lock", true);
        if (cl.hasOption("lock-wait")) {
            try {
                long n = Long.parseLong(cl.getOptionValue("lock-wait"));
                if (n < 0 || n > MAX_LOCK_WAIT) throw new NumberFormatException();
                m.put("lock_wait", n);
            } catch (NumberFormatException e) {
                throw new UsageException("--lock-wait: expected a whole number of seconds from 0 to " + MAX_LOCK_WAIT
                        + ", got '" + cl.getOptionValue("lock-wait") + "'");
            }
        }
        if (cl.hasOption("parallel")) {
            // Checked against the declared range of deploy_concurrency, the key the option becomes.
            ValueType.Whole range = (ValueType.Whole) CoreSchema.DEPLOY_CONCURRENCY.type();
            String typed = cl.getOptionValue("parallel");
            if (!typed.matches("\\d+") || new java.math.BigInteger(typed).compareTo(java.math.BigInteger.valueOf(range.min())) < 0) {
                throw new UsageException("--parallel: expected " + range.describe() + ", got '" + typed + "'");
            }
            if (new java.math.BigInteger(typed).compareTo(java.math.BigInteger.valueOf(range.max())) > 0) {
                throw new UsageException("--parallel: too large (at most " + range.max() + "), got " + typed);
            }
            m.put(CoreSchema.DEPLOY_CONCURRENCY.name(), Long.parseLong(typed));
        }
        return m;
    }
}
