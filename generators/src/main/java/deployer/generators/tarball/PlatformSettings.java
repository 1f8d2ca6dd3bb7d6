package deployer.generators.tarball;

/**
 * The top-level settings of a tarball config and of this run's command line.
 *
 * @param keepVersions            releases kept per service and host by the cleanup stage
 * @param deployConcurrency       tasks at once in a deploy stage; null: the whole batch (batches already keep
 *                                {@code min_nodes_up} hosts up)
 * @param deployPerHost           null: no per-host limit
 * @param nonDeployConcurrency    tasks at once in the other stages (upload, unpack, cleanup…)
 * @param nonDeployPerHost        null: no per-host limit
 * @param graphite                null when the config has no {@code graphite} block
 */
public record PlatformSettings(long keepVersions, Long deployConcurrency, Long deployPerHost,
                               long nonDeployConcurrency, Long nonDeployPerHost, Graphite graphite,
                               String user, boolean redeploy, boolean ignoreLb, boolean force) {

    /** Where deploy start and end metrics go. */
    public record Graphite(String carbonHost, long carbonPort, String metricPrefix) {
    }
}
