package deployer.generators.tarball;

import java.util.List;
import java.util.Map;

import deployer.core.config.Config;

import deployer.core.model.InvalidInputException;
import deployer.core.model.Tasklist;
import deployer.core.config.MapSchema;
import deployer.core.spi.Generator;
import deployer.core.spi.GeneratorContext;
import deployer.core.spi.HostException;
import deployer.core.spi.PlatformOption;
import deployer.core.spi.StatusReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * {@code platform: tarball}: releases versioned service packages ({@code <service>_<version>.tar.gz}) to host
 * groups without downtime, or ({@code --rollback SERVICE [--to VERSION]}) switches a service back to the release
 * that was current before (by each host's release history) or to the one named.
 * The config is checked, then the installed versions are read from the hosts, then the plan is built.
 */
public final class TarballGenerator implements Generator {

    private static final Logger LOG = LoggerFactory.getLogger(TarballGenerator.class);

    private final AtVersion.UrlCheck urls;
    /** Inventories read by this generator: a dynamic one runs once per run. */
    private final Inventories inventories = new Inventories();

    public TarballGenerator() {
        this(AtVersion.UrlCheck.HTTP);
    }

    /** @param urls how a health check URL is asked at planning (tests plan for hosts whose names do not resolve) */
    TarballGenerator(AtVersion.UrlCheck urls) {
        this.urls = urls;
    }

    @Override
    public MapSchema configSchema() {
        return TarballSchema.TOP;
    }

    @Override
    public List<PlatformOption> commandLineOptions() {
        return TarballOptions.ALL;
    }

    @Override
    public String platform() {
        return "tarball";
    }

    /** The selected hosts of every service (or of the named ones), as a deploy would target them. */
    @Override
    public List<String> adHocHosts(Config c, List<String> services) throws InvalidInputException {
        TarballConfig config = TarballConfig.read(c, inventories);
        HostSelection selection = HostSelection.read(config);
        for (String s : services) {
            if (!config.services().containsKey(s)) {
                throw new InvalidInputException("--services", "unknown service '" + s + "'; known services: "
                        + TarballConfig.known(config.services().keySet()));
            }
        }
        java.util.Set<String> hosts = new java.util.LinkedHashSet<>();
        if (services.isEmpty()) {
            // Every host of the config (of its host groups), narrowed by --hosts and --hostgroups.
            List<String> groups = c.has("target_hostgroups") ? c.strings("target_hostgroups") : null;
            List<String> typed = c.has("target_hosts") ? c.strings("target_hosts") : null;
            for (TargetHost h : config.allHosts()) {
                boolean inGroups = groups == null || groups.stream().anyMatch(g -> config.hostgroups().get(g).stream()
                        .anyMatch(x -> x.name().equals(h.name())));
                boolean named = typed == null || typed.stream().anyMatch(h::answersTo);
                if (inGroups && named) {
                    hosts.add(h.remoteHost());
                }
            }
        } else {
            for (ServiceSpec spec : config.services().values()) {
                if (services.contains(spec.name())) {
                    selection.targets(spec).forEach(h -> hosts.add(h.remoteHost()));
                }
            }
        }
        if (hosts.isEmpty()) {
            throw c.error("no host is selected (" + selection.describe() + (services.isEmpty() ? "" : ", --services "
                    + String.join(" ", services)) + ")", "service");
        }
        return List.copyOf(hosts);
    }

    @Override
    public Optional<deployer.core.spi.InventoryView> inventory(Config c) throws InvalidInputException {
        TarballConfig.read(c, inventories);
        return inventories.of(c).map(InventoryListing::new);
    }

    @Override
    public Optional<StatusReport> status(GeneratorContext context) throws InvalidInputException, InterruptedException {
        TarballConfig config = TarballConfig.read(context.config(), inventories);
        return Optional.of(new TarballStatus(config, HostSelection.read(config), context.hosts()).read(context.config(), context.components()));
    }

    /** A deploy of every selected host, as {@code --redeploy} plans it: at the version or not. */
    @Override
    public Tasklist lockingPlan(GeneratorContext context) throws InvalidInputException, HostException, InterruptedException {
        Config everyHost = context.config().withCommandLine(Map.of(TarballSchema.REDEPLOY.name(), true));
        return generate(new GeneratorContext(everyHost, context.components(), context.hosts(), context.runId()));
    }

    @Override
    public Tasklist generate(GeneratorContext context) throws InvalidInputException, HostException, InterruptedException {
        TarballConfig config = TarballConfig.read(context.config(), inventories);
        HostSelection selection = HostSelection.read(config);
        InstalledReleases remote = new InstalledReleases(context.hosts(), config.services().keySet());
        String rollback = context.config().string("rollback").orElse(null);
        String rollbackTo = context.config().string("rollback_to").orElse(null);
        if (rollbackTo != null && rollback == null) {
            throw context.config().error("--to VERSION picks the release of a rollback; give it with --rollback SERVICE", "rollback_to");
        }
        if (rollback != null) {
            if (!context.components().isEmpty()) {
                throw context.config().error("--rollback switches to a release that is already installed; give no --component or --directory with it", "rollback");
            }
            LOG.info("Generating the rollback of {}{}", rollback, rollbackTo == null ? "" : " to " + rollbackTo);
            return new RollbackPlan(config, selection, remote).build(rollback, rollbackTo);
        }
        var packages = new ReleaseSources(context.config(), ReleaseSources.ChecksumFiles.HTTP)
                .packages(context.components(), config.services().keySet());
        LOG.info("Generating the deploy of {}", packages.stream().map(Package::releaseName).toList());
        return new ReleasePlan(config, selection, remote, urls).build(packages);
    }
}
