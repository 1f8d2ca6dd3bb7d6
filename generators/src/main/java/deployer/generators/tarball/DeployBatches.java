package deployer.generators.tarball;

import deployer.core.model.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one service's hosts into batches that are restarted one after another, so that at least
 * {@code min_nodes_up} of the hosts running the service stay up at any time. Every running host counts toward
 * "up", including those this run skips or does not target; hosts that only get the files (not in
 * {@code enabled_on_hosts}) never go down, so they go in the first batch.
 */
public final class DeployBatches {

    private DeployBatches() {
    }

    /**
     * @param restarted the hosts to restart, in order
     * @param filesOnly the hosts that get the release but no restart
     * @return the batches, each non-empty; none when both lists are empty
     */
    public static List<List<TargetHost>> split(TarballConfig config, ServiceSpec service, List<TargetHost> restarted, List<TargetHost> filesOnly)
            throws InvalidInputException {
        List<List<TargetHost>> batches = new ArrayList<>();
        if (!restarted.isEmpty()) {
            int size = batchSize(config, service, restarted.size());
            for (int i = 0; i < restarted.size(); i += size) {
                batches.add(new ArrayList<>(restarted.subList(i, Math.min(restarted.size(), i + size))));
            }
        }
        if (!filesOnly.isEmpty()) {
            if (batches.isEmpty()) {
                batches.add(new ArrayList<>());
            }
            batches.get(0).addAll(filesOnly);
        }
        return batches.stream().map(List::copyOf).toList();
    }

    /**
     * One batch of a service's rollout, and the gates checked after it before the next batch starts.
     *
     * @param step the {@code batches} entry it belongs to ("10%"), null for batches by {@code min_nodes_up} alone
     */
    record Batch(List<TargetHost> hosts, List<Gate> gatesAfter, String step) {
        Batch {
            hosts = List.copyOf(hosts);
            gatesAfter = List.copyOf(gatesAfter);
        }
    }

    /**
     * The batches of a service with a {@link Rollout}: each {@code batches} entry takes the restarted hosts up to its
     * cumulative size; hosts left after the last entry go in one more batch, the way Ansible's {@code serial} ends.
     * An entry that would take more hosts down than {@code min_nodes_up} allows is split into batches that keep it,
     * and its gates follow the last of them (a gate judges what the user asked to expose). An entry that adds no
     * host (a percentage of a small fleet) is left out with its gates. Without {@code batches}, the batches are
     * those of {@link #split} with the rollout's gates between them.
     */
    static List<Batch> rollout(TarballConfig config, ServiceSpec service, Rollout rollout, List<TargetHost> restarted,
                               List<TargetHost> filesOnly) throws InvalidInputException {
        List<Batch> batches = new ArrayList<>();
        // Whether the last batch's gates were written on its own step: only those run after the last batch.
        boolean lastHasOwnGates = false;
        if (rollout.steps() == null) {
            for (List<TargetHost> b : split(config, service, restarted, filesOnly)) {
                batches.add(new Batch(b, rollout.gates(), null));
            }
        } else if (!restarted.isEmpty()) {
            int maxDown = batchSize(config, service, restarted.size());
            int done = 0;
            for (Rollout.Step step : rollout.steps()) {
                int upTo = step.size().of(restarted.size());
                if (upTo <= done) {
                    continue;
                }
                addSplit(batches, restarted.subList(done, upTo), maxDown, step.gates() != null ? step.gates() : rollout.gates(),
                        step.size().toString());
                lastHasOwnGates = step.gates() != null;
                done = upTo;
            }
            if (done < restarted.size()) {
                addSplit(batches, restarted.subList(done, restarted.size()), maxDown, List.of(), "rest");
                lastHasOwnGates = false;
            }
        }
        if (rollout.steps() != null && !filesOnly.isEmpty()) {
            if (batches.isEmpty()) {
                batches.add(new Batch(filesOnly, List.of(), null));
            } else {
                List<TargetHost> first = new ArrayList<>(batches.get(0).hosts());
                first.addAll(filesOnly);
                batches.set(0, new Batch(first, batches.get(0).gatesAfter(), batches.get(0).step()));
            }
        }
        if (!batches.isEmpty() && !lastHasOwnGates) {
            Batch last = batches.get(batches.size() - 1);
            batches.set(batches.size() - 1, new Batch(last.hosts(), List.of(), last.step()));
        }
        return List.copyOf(batches);
    }

    /** {@code hosts} as batches of at most {@code maxDown}, the gates after the last. */
    private static void addSplit(List<Batch> batches, List<TargetHost> hosts, int maxDown, List<Gate> gates, String step) {
        for (int i = 0; i < hosts.size(); i += maxDown) {
            int end = Math.min(hosts.size(), i + maxDown);
            batches.add(new Batch(hosts.subList(i, end), end == hosts.size() ? gates : List.of(), step));
        }
    }

    /** How many hosts may be down at once: the running hosts minus {@code min_nodes_up}, at least one. */
    static int batchSize(TarballConfig config, ServiceSpec service, int restartedCount) throws InvalidInputException {
        // --force may add hosts outside the service's config; they run it too once deployed.
        long running = Math.max(service.enabledHostCount(), restartedCount);
        long minUp = service.minNodesUp() != null ? service.minNodesUp() : (running >= 2 ? 1 : 0);
        if (minUp >= running) {
            throw config.config().error("min_nodes_up " + minUp + " leaves no host of service '" + service.name()
                    + "' free to restart: it runs on " + running + " host" + (running == 1 ? "" : "s")
                    + "; expected at most " + (running - 1), "service", service.name(), "min_nodes_up");
        }
        return (int) (running - minUp);
    }
}
