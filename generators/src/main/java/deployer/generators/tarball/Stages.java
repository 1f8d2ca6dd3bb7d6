package deployer.generators.tarball;

import deployer.core.model.OnFailure;
import deployer.core.model.Stage;
import deployer.core.model.StagePolicy;
import deployer.core.model.StageItem;
import deployer.core.model.Task;

import java.util.ArrayList;
import java.util.List;

/** Collects a plan's stages with their limits, leaving out stages that would have no tasks. */
final class Stages {

    private final PlatformSettings settings;
    private final List<Stage> stages = new ArrayList<>();

    Stages(PlatformSettings settings) {
        this.settings = settings;
    }

    /** Upload, unpack, cleanup and the like: {@code non_deploy_concurrency(_per_host)}. */
    void other(String name, List<? extends StageItem> items) {
        if (!items.isEmpty()) {
            stages.add(new Stage(name, (int) settings.nonDeployConcurrency(), perHost(settings.nonDeployPerHost()), List.copyOf(items)));
        }
    }

    /**
     * A deploy batch: {@code deploy_concurrency(_per_host)}; without it the whole batch at once, since the batch
     * was already sized to keep {@code min_nodes_up} hosts up. The batches of one service's deploy form one
     * {@code rollout}: with a {@code max_fail_percentage} its failed hosts drop out and the others go on until
     * the budget of the whole rollout is spent; without one the first failure stops the deploy.
     *
     * @param services the services this batch deploys side by side: the strictest budget applies (none if any has none)
     */
    void deploy(String name, String rollout, List<ServiceSpec> services, List<? extends StageItem> items) {
        if (!items.isEmpty()) {
            int concurrency = settings.deployConcurrency() != null ? settings.deployConcurrency().intValue() : items.size();
            stages.add(new Stage(name, concurrency, perHost(settings.deployPerHost()), List.copyOf(items)).withPolicy(policy(rollout, services)));
        }
    }

    private static StagePolicy policy(String rollout, List<ServiceSpec> services) {
        boolean budgeted = services.stream().allMatch(s -> s.maxFailPercentage() != null);
        if (!budgeted || services.isEmpty()) {
            return new StagePolicy(OnFailure.STOP, null, null, rollout);
        }
        int strictest = services.stream().mapToInt(ServiceSpec::maxFailPercentage).min().orElseThrow();
        return new StagePolicy(OnFailure.CONTINUE, null, strictest, rollout);
    }

    /**
     * A gate between two deploy batches: all its tasks at once (one per host of the batch at most), and its failure
     * stops the run whatever the rollout's failure budget: a gate is there to stop a rollout.
     */
    void gate(String name, List<? extends StageItem> items) {
        if (!items.isEmpty()) {
            stages.add(new Stage(name, items.size(), 0, List.copyOf(items)));
        }
    }

    /** One {@code send_graphite} per service, run on the deployer machine: metric {@code <kind>.<service>.<phase>}. */
    void graphite(String name, String kind, String phase, List<String> services) {
        PlatformSettings.Graphite g = settings.graphite();
        if (g == null || services.isEmpty()) {
            return;
        }
        List<StageItem> items = new ArrayList<>();
        for (String service : services) {
            Task.Builder b = Task.builder("send_graphite").tag(service)
                    .arg("metric", kind + "." + service + "." + phase)
                    .arg("carbon_host", g.carbonHost())
                    .arg("carbon_port", g.carbonPort());
            if (g.metricPrefix() != null) {
                b.arg("metric_prefix", g.metricPrefix());
            }
            items.add(StageItem.of(b.build()));
        }
        other(name, items);
    }

    /** One task at a time, in the given order (taking locks: a fixed order cannot deadlock with another run). */
    void sequential(String name, List<? extends StageItem> items) {
        if (!items.isEmpty()) {
            stages.add(new Stage(name, 1, 0, List.copyOf(items)));
        }
    }

    /** A finishing stage ({@code "always": true}): it runs even after a failure, a stop or an abort. */
    void always(String name, List<? extends StageItem> items) {
        if (!items.isEmpty()) {
            stages.add(new Stage(name, (int) settings.nonDeployConcurrency(), perHost(settings.nonDeployPerHost()), List.copyOf(items)).asAlways());
        }
    }

    /**
     * A stage that runs only when the run failed, was stopped or aborted ({@code "when": "failed"}, a finishing
     * stage): the {@code on_failure} hooks.
     */
    void whenFailed(String name, List<? extends StageItem> items) {
        if (!items.isEmpty()) {
            stages.add(new Stage(name, (int) settings.nonDeployConcurrency(), perHost(settings.nonDeployPerHost()), List.copyOf(items)).asWhenFailed());
        }
    }

    List<Stage> all() {
        return List.copyOf(stages);
    }

    private static int perHost(Long limit) {
        return limit == null ? 0 : limit.intValue();
    }
}
