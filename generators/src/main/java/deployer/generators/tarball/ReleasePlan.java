package deployer.generators.tarball;

import deployer.core.model.Chain;
import deployer.core.model.InvalidInputException;
import deployer.core.model.SkippedHost;
import deployer.core.model.StageItem;
import deployer.core.model.Task;
import deployer.core.model.Tasklist;
import deployer.core.spi.HostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The release pipeline: take the deploy locks → graphite start → upload → unpack → migrations → deploy batches per
 * {@code deployment_order} → graphite end → cleanup → remove this run's temporary folders → release the locks
 * (these two are finishing stages: they run also after a failure or Ctrl-C). Cleanup comes after every deploy stage, so a failed deploy
 * (the executor stops at the failing stage) never deletes a release.
 */
public final class ReleasePlan {

    private static final Logger LOG = LoggerFactory.getLogger(ReleasePlan.class);

    /**
     * A service's part of the plan: its package, the hosts that get it, and the hosts already at its version that are
     * restarted there ({@code refreshes}: down, unhealthy, or with config templates to render again).
     */
    private record Work(ServiceSpec service, Package pkg, List<Target> targets, List<Refresh> refreshes) {
        List<Target> all() {
            List<Target> all = new ArrayList<>(targets);
            refreshes.forEach(r -> all.add(r.target()));
            return all;
        }
    }

    /** A host at the version, and what {@link AtVersion} found. */
    private record Refresh(Target target, AtVersion.Verdict verdict) {
    }

    /**
     * @param previous       the release the host ran before this deploy, null for none
     * @param rollbackTarget the release a rollback would return to after this deploy, which cleanup keeps; null for none
     * @param failed         releases an automatic rollback left on the host (by its history), which cleanup does not count
     */
    private record Target(TargetHost host, HostPaths paths, String previous, String rollbackTarget, List<String> failed) {
        Target(TargetHost host, HostPaths paths, String previous, String rollbackTarget) {
            this(host, paths, previous, rollbackTarget, List.of());
        }
    }

    private final TarballConfig config;
    private final HostSelection selection;
    private final InstalledReleases remote;

    private final AtVersion atVersion;

    public ReleasePlan(TarballConfig config, HostSelection selection, InstalledReleases remote) {
        this(config, selection, remote, AtVersion.UrlCheck.HTTP);
    }

    ReleasePlan(TarballConfig config, HostSelection selection, InstalledReleases remote, AtVersion.UrlCheck urls) {
        this.config = config;
        this.selection = selection;
        this.remote = remote;
        this.atVersion = new AtVersion(urls);
    }

    public Tasklist build(List<Package> packages) throws InvalidInputException, HostException, InterruptedException {
        PlatformSettings settings = config.settings();
        List<InstalledReleases.Probe> probes = new ArrayList<>();
        Map<InstalledReleases.Probe, AtVersionProbe> checks = new LinkedHashMap<>();
        for (Package p : packages) {
            ServiceSpec s = config.services().get(p.service());
            List<TargetHost> targets = selection.targets(s);
            if (targets.isEmpty()) {
                LOG.info("{} {}: no host selected ({}); not deploying it", s.name(), p.version(), selection.describe());
            }
            for (TargetHost h : targets) {
                InstalledReleases.Probe probe = new InstalledReleases.Probe(s, h, HostPaths.of(config, s, h), Tasks.userFor(s, h, settings));
                probes.add(probe);
                if (!settings.redeploy()) {
                    checks.put(probe, AtVersion.probe(probe, p));
                }
            }
        }
        // With releases and histories: what a rollback returns to (kept by cleanup), and whether a host would go back.
        Map<InstalledReleases.Probe, InstalledReleases.Installed> installed = remote.read(probes, checks);
        Downgrades downgrades = new Downgrades(installed, config.config().flag(TarballSchema.ALLOW_DOWNGRADE));

        Map<String, Work> work = new LinkedHashMap<>();
        List<SkippedHost> skipped = new ArrayList<>();
        for (Package p : packages) {
            ServiceSpec s = config.services().get(p.service());
            List<Target> targets = new ArrayList<>();
            List<Refresh> refreshes = new ArrayList<>();
            for (InstalledReleases.Probe probe : probes) {
                if (!probe.service().name().equals(s.name())) {
                    continue;
                }
                String current = installed.get(probe).current();
                if (p.version().equals(current) && !settings.redeploy()) {
                    AtVersion.Verdict v = atVersion.judge(probe, p, installed.get(probe).atVersion());
                    if (v.action() == AtVersion.Action.NONE) {
                        LOG.info("{} on {} is already at {}; skipping it ({}; --redeploy deploys anyway)", s.name(), probe.host(), current, v.why());
                        skipped.add(new SkippedHost(probe.host().remoteHost(), s.name(), "already at " + current + " (" + v.why() + ")"));
                    } else {
                        LOG.info("{} on {} is at {} but {}; {}", s.name(), probe.host(), current, v.why(), v.action() == AtVersion.Action.RESTART
                                ? "starting it again in that release" : s.runsOn(probe.host()) ? "rendering them into that release and restarting it"
                                : "rendering them into that release");
                        refreshes.add(new Refresh(new Target(probe.host(), probe.paths(), current,
                                RollbackChoice.afterDeploy(probe, installed.get(probe), current)), v));
                    }
                    continue;
                }
                downgrades.check(probe, current, p.version());
                LOG.info("{} on {}: {} -> {}", s.name(), probe.host(), current == null ? "(none)" : current, p.version());
                String rollbackTarget = RollbackChoice.afterDeploy(probe, installed.get(probe), p.version());
                List<String> failed = installed.get(probe).releaseHistory(probe).map(ReleaseHistory::failedReleases).orElse(List.of()).stream()
                        .filter(v -> !v.equals(p.version()) && !v.equals(rollbackTarget)).toList();
                targets.add(new Target(probe.host(), probe.paths(), current, rollbackTarget, failed));
            }
            if (!targets.isEmpty() || !refreshes.isEmpty()) {
                work.put(s.name(), new Work(s, p, targets, refreshes));
            }
        }
        downgrades.refuseIfAny();
        if (work.isEmpty()) {
            LOG.info("Every selected host is up to date");
            return new Tasklist("Deploy " + packages.stream().map(p -> p.service() + " " + p.version()).collect(Collectors.joining(", ")), List.of(), null, skipped);
        }
        String name = "Deploy " + work.values().stream().map(w -> w.pkg().service() + " " + w.pkg().version()).collect(Collectors.joining(", "));

        Stages stages = new Stages(settings);
        RunFacts facts = new RunFacts("deploy", RunFacts.environmentOf(config.config()), work.values().stream()
                .map(w -> new RunFacts.ServiceRun(w.service(), w.pkg().version(),
                        w.all().stream().map(t -> new RunFacts.HostRun(t.host(), t.previous())).toList())).toList());
        HookStages hooks = hooks(config);
        Notification notify = Notification.read(config.config());
        if (notify != null) {
            notify.start(stages, name, facts);
        }
        DeployLocks locks = new DeployLocks(settings);
        work.values().forEach(w -> w.all().forEach(t -> locks.add(w.service(), t.host(), t.paths())));
        locks.acquireStage(stages);
        List<String> services = List.copyOf(work.keySet());
        stages.graphite("Graphite: deploy started", "deploy", "start", services);
        // Under the locks, before any host changes: a failing before_deploy hook stops the deploy here.
        hooks.plan(stages, "before_deploy", facts);
        stages.other("Upload packages", perHost(work, (w, t) -> StageItem.of(w.pkg().source() != null
                ? ReleaseFetch.task(w.service(), t.host(), w.pkg(), t.paths().staging(w.pkg()), settings)
                : Tasks.on("upload", w.service(), t.host(), settings)
                .arg("source", w.pkg().file().toString())
                .arg("destination", t.paths().staging(w.pkg()))
                .build())));
        stages.other("Unpack packages", perHost(work, (w, t) -> StageItem.of(Tasks.on("unpack", w.service(), t.host(), settings)
                .arg("source", t.paths().staging(w.pkg()) + "/" + w.pkg().fileName())
                .arg("destination", t.paths().unpacked(w.pkg()))
                .build())));
        stages.other("Render config templates", configTemplates(work, settings));
        stages.other("Database migrations", migrations(work, settings));
        AutomaticRollback rollback = new AutomaticRollback(settings);
        for (List<String> step : deploySteps(work)) {
            deployStep(stages, step.stream().map(work::get).toList(), settings, facts, rollback);
        }
        stages.graphite("Graphite: deploy finished", "deploy", "end", services);
        stages.other("Clean up old releases", perHost(work, (w, t) -> {
            Task.Builder cleanup = Tasks.on("cleanup", w.service(), t.host(), settings)
                    .arg("path", t.paths().installLocation())
                    .arg("filespec", w.service().name() + "_*")
                    .arg("keepversions", settings.keepVersions())
                    .arg("current_link", t.paths().link(w.service().name()));
            // Never the release a rollback would return to, however old: keep_versions must not break --rollback.
            if (t.rollbackTarget() != null) {
                cleanup.arg("protect", List.of(w.service().name() + "_" + t.rollbackTarget()));
            }
            // A release an automatic rollback left is not one of the keep_versions worth keeping.
            if (!t.failed().isEmpty()) {
                cleanup.arg("failed", t.failed().stream().map(v -> w.service().name() + "_" + v).toList());
            }
            return StageItem.of(cleanup.build());
        }));
        hooks.plan(stages, "after_deploy", facts);
        // Before the on_failure hooks, which then report a fleet back where it was.
        rollback.plan(stages);
        hooks.plan(stages, "on_failure", facts);
        // A finishing stage: this run's temporary folders (named with its run id, so never another run's) go also
        // after a failure or Ctrl-C.
        stages.always("Remove temporary files", perHost(work, (w, t) -> StageItem.of(Tasks.on("remove_file", w.service(), t.host(), settings)
                .arg("path", t.paths().staging(w.pkg()))
                .arg("recursive", true)
                .build())));
        locks.releaseStage(stages);
        if (notify != null) {
            notify.end(stages, name, facts);
        }
        return new Tasklist(name, stages.all(), null, skipped);
    }

    /** The config's hooks, top-level and per service. */
    static HookStages hooks(TarballConfig config) throws InvalidInputException {
        Map<String, Map<String, List<Hook>>> perService = new LinkedHashMap<>();
        for (String s : config.services().keySet()) {
            perService.put(s, Hook.read(config.config(), "service", s, "hooks"));
        }
        return new HookStages(Hook.read(config.config(), "hooks"), perService, config.settings());
    }

    /**
     * Each service's {@code templates}, rendered on each host into the unpacked release (which the switch then moves
     * into place), before the migrations, which may read them. A dry run with diff compares each with the file of
     * the release that is current on the host ({@code install_location/<service>/<dest>}).
     */
    private static List<StageItem> configTemplates(Map<String, Work> work, PlatformSettings settings) throws InvalidInputException {
        List<StageItem> items = new ArrayList<>();
        for (Work w : work.values()) {
            ServiceSpec s = w.service();
            for (Target t : w.targets()) {
                for (ConfigTemplate ct : s.configTemplates()) {
                    items.add(StageItem.of(TemplateTasks.render(s, t.host(), t.paths(), w.pkg(), ct, t.paths().unpacked(w.pkg()), settings)));
                }
            }
        }
        return items;
    }

    /**
     * A migration runs once per deploy, on the first host of the service that runs it, before any host switches:
     * its {install_location} is the staging folder, where {install_location}/{servicename} is the new release, which
     * is also its working directory (so relative paths in migration_command and migration_if_exists are the release's).
     */
    private static List<StageItem> migrations(Map<String, Work> work, PlatformSettings settings) {
        List<StageItem> items = new ArrayList<>();
        for (Work w : work.values()) {
            ServiceTemplates t = w.service().templates();
            if (t.migration() == null || w.targets().isEmpty()) {
                continue;
            }
            Target first = w.targets().stream().filter(x -> w.service().runsOn(x.host())).findFirst().orElse(w.targets().get(0));
            Task.Builder b = Tasks.on("migration_script", w.service(), first.host(), settings)
                    .arg(DeployChain.TEMPLATE_ARG, t.migration())
                    .arg("servicename", w.service().name())
                    .arg("version", w.pkg().version())
                    .arg("install_location", first.paths().staging(w.pkg()))
                    .arg("working_directory", first.paths().unpacked(w.pkg()));
            if (t.migrationIfExists() != null) {
                b.arg("if_exists", t.migrationIfExists());
            }
            items.add(StageItem.of(b.build()));
        }
        return items;
    }

    /**
     * {@code deployment_order} first (a nested list is one step), then the other services; without a
     * deployment_order, by {@code depends_on} (services that do not depend on each other side by side).
     */
    private List<List<String>> deploySteps(Map<String, Work> work) {
        return config.dependencies().steps(config.deploymentOrder(), work.keySet());
    }

    /** One batch of a service's rollout, as this plan's targets, with the gates after it. */
    private record PlannedBatch(List<Target> targets, List<Gate> gatesAfter) {
    }

    /**
     * Services of one step deploy side by side: stage k holds batch k of each of them; after it come the gates
     * each service has after its batch k (its hosts healthy by then: the health check ends each host's chain).
     */
    private void deployStep(Stages stages, List<Work> step, PlatformSettings settings, RunFacts facts, AutomaticRollback rollback)
            throws InvalidInputException {
        List<List<PlannedBatch>> batchesPerService = new ArrayList<>();
        int count = 0;
        for (Work w : step) {
            List<PlannedBatch> batches = batches(w);
            batchesPerService.add(batches);
            count = Math.max(count, batches.size());
        }
        String names = step.stream().map(w -> w.service().name()).collect(Collectors.joining(", "));
        GateStages gates = new GateStages(settings);
        for (int k = 0; k < count; k++) {
            List<Chain> chains = new ArrayList<>();
            for (int i = 0; i < step.size(); i++) {
                Work w = step.get(i);
                if (k < batchesPerService.get(i).size()) {
                    for (Target t : batchesPerService.get(i).get(k).targets()) {
                        chains.add(chain(w, t, settings));
                        // A host at the version (a refresh) is not switched by this run: nothing to undo there.
                        if (w.targets().contains(t)) {
                            rollback.deployed("batch " + (k + 1) + " of " + count, w.service(), t.paths(), t.host(), w.pkg().version(), t.previous());
                        }
                    }
                }
            }
            stages.deploy("Deploy " + names + " (batch " + (k + 1) + " of " + count + ")", "deploy " + names,
                    step.stream().map(Work::service).toList(), chains);
            for (int i = 0; i < step.size(); i++) {
                Work w = step.get(i);
                List<PlannedBatch> own = batchesPerService.get(i);
                if (k < own.size() && !own.get(k).gatesAfter().isEmpty()) {
                    gates.plan(stages, w.service(), w.pkg().version(), w.service().name() + " batch " + (k + 1) + " of " + own.size(),
                            own.get(k).targets().stream().map(Target::host).toList(), own.get(k).gatesAfter(), facts.only(w.service().name()));
                }
            }
        }
    }

    /** A deploy's chain, or for a host at the version its restart, after rendering the templates that drifted. */
    private static Chain chain(Work w, Target t, PlatformSettings settings) throws InvalidInputException {
        DeployChain chain = new DeployChain(w.service(), t.host(), t.paths(), settings);
        Refresh refresh = w.refreshes().stream().filter(r -> r.target() == t).findFirst().orElse(null);
        if (refresh == null) {
            return chain.deploy(w.pkg());
        }
        List<Task> renders = new ArrayList<>();
        for (ConfigTemplate ct : refresh.verdict().drifted()) {
            renders.add(TemplateTasks.render(w.service(), t.host(), t.paths(), w.pkg(), ct, t.paths().release(w.pkg()), settings));
        }
        return chain.refresh(w.pkg().version(), renders);
    }

    private List<PlannedBatch> batches(Work w) throws InvalidInputException {
        Map<String, Target> byHost = new LinkedHashMap<>();
        w.all().forEach(t -> byHost.put(t.host().name(), t));
        List<TargetHost> restarted = w.all().stream().map(Target::host).filter(h -> w.service().runsOn(h)).toList();
        List<TargetHost> filesOnly = w.all().stream().map(Target::host).filter(h -> !w.service().runsOn(h)).toList();
        return DeployBatches.rollout(config, w.service(), w.service().rollout(), restarted, filesOnly).stream()
                .map(b -> new PlannedBatch(b.hosts().stream().map(h -> byHost.get(h.name())).toList(), b.gatesAfter())).toList();
    }

    private interface ItemFor {
        StageItem make(Work w, Target t);
    }

    private static List<StageItem> perHost(Map<String, Work> work, ItemFor f) {
        List<StageItem> items = new ArrayList<>();
        for (Work w : work.values()) {
            for (Target t : w.targets()) {
                items.add(f.make(w, t));
            }
        }
        return items;
    }
}
