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
