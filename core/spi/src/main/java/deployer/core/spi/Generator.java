package deployer.core.spi;

import deployer.core.config.Config;

import java.util.List;

import deployer.core.config.MapSchema;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Tasklist;

import java.util.Optional;

/**
 * Turns a platform's config into a tasklist. Registered with {@link java.util.ServiceLoader}; the config's
 * {@code platform} key picks one by {@link #platform()}.
 */
public interface Generator {

    String platform();

    /**
     * The config keys this platform reads, on top of core's ({@link deployer.core.config.CoreSchema}): declared once,
     * they drive validation ("unknown key … did you mean …"), {@code build-tasklist --explain-config} and CONFIG.md.
     * A generator that declares nothing gets an open schema: its keys are passed through unchecked.
     */
    default MapSchema configSchema() {
        return MapSchema.open();
    }

    /**
     * The command-line options of this platform ({@code --rollback SERVICE}, {@code --hostgroups GROUP…}), on top of
     * core's ({@code --config}, {@code --tasklist}, {@code --parallel}, {@code --verbose}…): the CLI takes them when the
     * config names this platform and hands each to {@link #generate} as the config key it sets. Declared once, they
     * drive parsing, {@code --help}, the CLI reference and completion. None by default.
     */
    default List<PlatformOption> commandLineOptions() {
        return List.of();
    }

    /**
     * The hosts an ad-hoc command ({@code deploy run}) reaches under this config, as {@code remote_host} values in
     * config order, each once: the config's hosts narrowed by {@code target_hosts} / {@code target_hostgroups}
     * (typed {@code --hosts}, {@code --hostgroups}) and, when {@code services} is not empty, to those services' hosts.
     * A name that matches nothing is an error naming the known ones. A platform that knows no hosts says so.
     */
    default List<String> adHocHosts(Config config, List<String> services) throws InvalidInputException {
        throw config.error("platform '" + platform() + "' names no hosts for ad-hoc commands; use a platform with host groups"
                + " (tarball)", "platform");
    }

    /**
     * The hosts and groups the config's inventories resolved to, for {@code deploy inventory}: read as a deploy reads
     * them, printed in {@code ansible-inventory}'s shapes. Empty when this platform reads no inventory (the default).
     */
    default Optional<InventoryView> inventory(Config config) throws InvalidInputException {
        return Optional.empty();
    }

    /** Builds the plan. Config mistakes are {@link InvalidInputException}s that say where in the config. */
    Tasklist generate(GeneratorContext context) throws InvalidInputException, HostException, InterruptedException;

    /**
     * The plan whose locks {@code deploy lock release} removes: a deploy of every selected host, whether or not it
     * needs one now (a host whose deploy died holds its lock whatever it runs). By default {@link #generate}; a
     * platform that leaves out hosts already at the version plans them in here.
     */
    default Tasklist lockingPlan(GeneratorContext context) throws InvalidInputException, HostException, InterruptedException {
        return generate(context);
    }

    /**
     * What runs where now ({@code deploy status}): read from the hosts through {@link GeneratorContext#hosts()}, never
     * changing them. A host that cannot be read is a row with state UNREACHABLE, not a failure of the whole status.
     * Empty when this platform cannot tell (the default): the CLI then says "status not supported by this platform".
     */
    default Optional<StatusReport> status(GeneratorContext context) throws InvalidInputException, InterruptedException {
        return Optional.empty();
    }
}
