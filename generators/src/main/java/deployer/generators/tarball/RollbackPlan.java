package deployer.generators.tarball;

import deployer.core.model.Chain;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.core.model.Tasklist;
import deployer.core.spi.HostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --rollback SERVICE}: every selected host of the service switches back to its previous release (the
 * newest installed {@code <service>_<version>} directory that is not the current one) through the same safe chain
 * as a deploy, in the same {@code min_nodes_up} batches. Nothing is uploaded and nothing is deleted.
 */
public final class RollbackPlan {

    private static final Logger LOG = LoggerFactory.getLogger(RollbackPlan.class);

    private final TarballConfig config;
    private final HostSelection selection;
    private final InstalledReleases remote;

    public RollbackPlan(TarballConfig config, HostSelection selection, InstalledReleases remote) {
        this.config = config;
        this.selection = selection;
        this.remote = remote;
    }

    public Tasklist build(String serviceName) throws InvalidInputException, HostException, InterruptedException {
        ServiceSpec service = config.services().get(serviceName);
        if (service == null) {
            throw config.config().error("--rollback: unknown service '" + serviceName + "'; known services: "
                    + TarballConfig.known(config.services().keySet()), "rollback");
        }
        PlatformSettings settings = config.settings();
        List<TargetHost> targets = selection.targets(service);
        if (targets.isEmpty()) {
            throw config.config().error("--rollback " + serviceName + ": no host of the service is selected (" + selection.describe() + ")", "rollback");
        }
        List<InstalledReleases.Probe> probes = new ArrayList<>();
        for (TargetHost h : targets) {
            probes.add(new InstalledReleases.Probe(service, h, HostPaths.of(config, service, h), Tasks.userFor(service, h, settings)));
        }
        Map<InstalledReleases.Probe, InstalledReleases.Installed> installed = remote.read(probes, true);

        // Every host that cannot roll back is reported before anything runs: a half rollback is worse than none.
        List<Problem> problems = new ArrayList<>();
        Map<String, String> previous = new LinkedHashMap<>();
        for (InstalledReleases.Probe p : probes) {
            InstalledReleases.Installed i = installed.get(p);
            String where = p.host().remoteHost();
            if (i.current() == null) {
                problems.add(new Problem(where, serviceName + " has no current release to roll back from ("
                        + p.paths().link(serviceName) + " does not exist)"));
            } else if (i.previous() == null) {
                problems.add(new Problem(where, serviceName + " has no previous release to roll back to: only "
                        + serviceName + "_" + i.current() + " is installed in " + p.paths().installLocation()));
            } else {
                previous.put(p.host().name(), i.previous());
                LOG.info("{} on {}: rolling back {} -> {}", serviceName, p.host(), i.current(), i.previous());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }

        List<TargetHost> restarted = targets.stream().filter(service::runsOn).toList();
        List<TargetHost> filesOnly = targets.stream().filter(h -> !service.runsOn(h)).toList();
        List<List<TargetHost>> batches = DeployBatches.split(config, service, restarted, filesOnly);
        Map<String, HostPaths> paths = new LinkedHashMap<>();
        probes.forEach(p -> paths.put(p.host().name(), p.paths()));

        Stages stages = new Stages(settings);
        DeployLocks locks = new DeployLocks(settings);
        probes.forEach(p -> locks.add(service, p.host(), p.paths()));
        locks.acquireStage(stages);
        stages.graphite("Graphite: rollback started", "rollback", "start", List.of(serviceName));
        for (int k = 0; k < batches.size(); k++) {
            List<Chain> chains = new ArrayList<>();
            for (TargetHost h : batches.get(k)) {
                chains.add(new DeployChain(service, h, paths.get(h.name()), settings).rollback(previous.get(h.name())));
            }
            stages.deploy("Roll back " + serviceName + " (batch " + (k + 1) + " of " + batches.size() + ")", chains);
        }
        stages.graphite("Graphite: rollback finished", "rollback", "end", List.of(serviceName));
        locks.releaseStage(stages);
        return new Tasklist("Roll back " + serviceName, stages.all());
    }
}
