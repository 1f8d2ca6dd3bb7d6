package deployer.core.internal.cli;

import deployer.core.config.Config;
import deployer.core.internal.exec.GeneratorRegistry;
import deployer.core.model.InvalidInputException;
import deployer.core.spi.Generator;
import deployer.core.spi.InventoryView;
import deployer.core.spi.PlatformOption;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.io.PrintStream;
import java.util.Optional;

/**
 * {@code deploy inventory --config FILE [--list | --graph | --host H]}: the hosts and groups the config's inventories
 * resolved to, as the generator reads them for a deploy ({@link Generator#inventory}), in {@code ansible-inventory}'s
 * shapes; {@code --host} says where each value came from. Reads only; contacts no host.
 */
final class DeployInventory extends SubCommand {

    static final String SCRIPT = "deploy inventory";

    @Override
    String name() {
        return SCRIPT;
    }

    @Override
    String synopsis() {
        return "--config FILE [--inventory PATH…] [--list | --graph | --host HOST]";
    }

    @Override
    String summary() {
        return "Show the hosts, groups and host variables the config's Ansible inventories resolved to: --list (the default) as"
                + " ansible-inventory --list prints them, --graph as a tree, --host HOST with where each value was set.";
    }

    @Override
    PlatformOption.Use platformUse() {
        return PlatformOption.Use.INVENTORY;
    }

    @Override
    Options options() {
        Options o = CliOptions.of(CliOptions.config(), CliOptions.help());
        o.addOption(Option.builder().longOpt("list").desc("groups, hosts and host variables as JSON (the default)").get());
        o.addOption(Option.builder().longOpt("graph").desc("the groups as a tree").get());
        o.addOption(Option.builder().longOpt("host").hasArg().argName("HOST").desc("one host's variables and where each was set").get());
        return o;
    }

    @Override
    int execute(CommandLine cl, PrintStream out, PrintStream err) throws UsageException, InvalidInputException {
        int views = (cl.hasOption("list") ? 1 : 0) + (cl.hasOption("graph") ? 1 : 0) + (cl.hasOption("host") ? 1 : 0);
        if (views > 1) {
            throw new UsageException("give only one of --list, --graph and --host");
        }
        if (!cl.hasOption("config")) {
            throw new UsageException("--config FILE is required");
        }
        GeneratorRegistry generators = GeneratorRegistry.load();
        Config config = PlanSource.config(cl, true, generators);
        Generator generator = generators.forConfig(config);
        Optional<InventoryView> view = generator.inventory(config);
        if (view.isEmpty()) {
            err.println(SCRIPT + ": the config names no inventory (set 'inventory: PATH' or give --inventory PATH)"
                    + " or platform '" + generator.platform() + "' reads none");
            return 2;
        }
        if (cl.hasOption("graph")) {
            out.print(view.get().graph());
        } else if (cl.hasOption("host")) {
            String h = cl.getOptionValue("host");
            Optional<String> host = view.get().host(h);
            if (host.isEmpty()) {
                throw new InvalidInputException("--host", "unknown host '" + h + "'; the inventory's hosts: " + String.join(", ", view.get().hostNames()));
            }
            out.print(host.get());
        } else {
            out.print(view.get().list());
        }
        return 0;
    }
}
