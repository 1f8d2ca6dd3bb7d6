package deployer.generators.tarball;

import deployer.core.model.Chain;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.core.model.SkippedHost;
import deployer.core.model.Tasklist;
import deployer.core.spi.HostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --rollback SERVICE [--to VERSION]}: every selected host of the service switches back to the release that
 * was current before the current one — walking the host's release history, so repeated rollbacks go further back —
 * or to the one given with {@code --to} ({@link RollbackChoice} has the rules), through the same safe chain as a
 * deploy, in the same {@code min_nodes_up} batches. Nothing is uploaded and nothing is deleted. Every host that
 * cannot roll back is reported before anything runs.
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

    /** @param to {@code --to VERSION} (config key {@code rollback_to}), or null for "the previous release" */
    public Tasklist build(String serviceName, String to) throws InvalidInputException, HostException, InterruptedException {
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
        Map<InstalledReleases.Probe, InstalledReleases.Installed> installed = remote.read(probes);

        // Every host that cannot roll back is reported before anything runs: a half rollback is worse than none. Hosts
        // that have nothing to roll back (after a partial failure: never changed) are left out, named in one line.
        NothingToRollBack nothing = to == null ? NothingToRollBack.among(serviceName, probes, installed) : NothingToRollBack.NONE;
        if (!nothing.hosts().isEmpty()) {
            LOG.warn("Not rolling back {} on {} host(s), which have nothing to roll back: {}", serviceName, nothing.hosts().size(),
                    nothing.hosts().values().stream().map(NothingToRollBack.Left::toString).collect(java.util.stream.Collectors.joining("; ")));
        }
        List<SkippedHost> skipped = new ArrayList<>(nothing.hosts().values().stream().map(h -> h.skipped(serviceName)).toList());
        List<Problem> problems = new ArrayList<>();
        Map<String, String> switchTo = new LinkedHashMap<>();
        Map<String, String> before = new LinkedHashMap<>();
        for (InstalledReleases.Probe p : probes) {
            InstalledReleases.Installed i = installed.get(p);
            String where = p.host().remoteHost();
            if (nothing.hosts().containsKey(p.host().name())) {
                continue;
            }
            if (i.current() == null) {
                problems.add(new Problem(where, serviceName + " has no current release to roll back from ("
                        + p.paths().link(serviceName) + " does not exist)"));
                continue;
            }
            String file = p.paths().history(serviceName);
            Optional<ReleaseHistory> history = i.releaseHistory(p);
            history.ifPresent(h -> h.warnings().forEach(w -> LOG.warn("{} on {}: {}", serviceName, p.host(), w)));
            RollbackChoice choice = RollbackChoice.choose(serviceName, i.current(), i.releases(), history, file, to);
            if (choice instanceof RollbackChoice.Refused r) {
                problems.add(new Problem(where, "cannot roll back " + serviceName + ": " + r.reason()));
            } else if (choice instanceof RollbackChoice.AlreadyThere a) {
                LOG.info("{} on {} is already at {}; leaving it", serviceName, p.host(), a.version());
                skipped.add(new SkippedHost(where, serviceName, "already at " + a.version()));
            } else if (choice instanceof RollbackChoice.SwitchTo t) {
                if (t.warning() != null) {
                    LOG.warn("{} on {}: {}", serviceName, p.host(), t.warning());
                }
                switchTo.put(p.host().name(), t.version());
                before.put(p.host().name(), i.current());
                LOG.info("{} on {}: rolling back {} -> {}", serviceName, p.host(), i.current(), t.version());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (switchTo.isEmpty()) {
            LOG.info("Every selected host of {} is already at {}", serviceName, to);
            return new Tasklist("Roll back " + serviceName, List.of(), null, skipped);
        }
        targets = targets.stream().filter(h -> switchTo.containsKey(h.name())).toList();

        List<TargetHost> restarted = targets.stream().filter(service::runsOn).toList();
        List<TargetHost> filesOnly = targets.stream().filter(h -> !service.runsOn(h)).toList();
        List<List<TargetHost>> batches = DeployBatches.split(config, service, restarted, filesOnly);
        Map<String, HostPaths> paths = new LinkedHashMap<>();
        probes.forEach(p -> paths.put(p.host().name(), p.paths()));

        Stages stages = new Stages(settings);
        String name = "Roll back " + serviceName;
        RunFacts facts = new RunFacts("rollback", RunFacts.environmentOf(config.config()), List.of(new RunFacts.ServiceRun(service,
                String.join(" ", new java.util.LinkedHashSet<>(switchTo.values())),
                targets.stream().map(h -> new RunFacts.HostRun(h, before.get(h.name()))).toList())));
        HookStages hooks = ReleasePlan.hooks(config);
        Notification notify = Notification.read(config.config());
        if (notify != null) {
            notify.start(stages, name, facts);
        }
        DeployLocks locks = new DeployLocks(settings);
        // Only the hosts this rollback changes: a host already at the release is left alone, locks included.
        targets.forEach(h -> locks.add(service, h, paths.get(h.name())));
        locks.acquireStage(stages);
        stages.graphite("Graphite: rollback started", "rollback", "start", List.of(serviceName));
        for (int k = 0; k < batches.size(); k++) {
            List<Chain> chains = new ArrayList<>();
            for (TargetHost h : batches.get(k)) {
                chains.add(new DeployChain(service, h, paths.get(h.name()), settings).rollback(switchTo.get(h.name())));
            }
            stages.deploy("Roll back " + serviceName + " (batch " + (k + 1) + " of " + batches.size() + ")", "roll back " + serviceName,
                    List.of(service), chains);
        }
        stages.graphite("Graphite: rollback finished", "rollback", "end", List.of(serviceName));
        hooks.plan(stages, "after_rollback", facts);
        hooks.plan(stages, "on_failure", facts);
        locks.releaseStage(stages);
        if (notify != null) {
            notify.end(stages, name, facts);
        }
        return new Tasklist(name, stages.all(), null, skipped);
    }
}
