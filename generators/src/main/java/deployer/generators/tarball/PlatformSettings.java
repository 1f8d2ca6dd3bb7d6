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
 * @param locks                   the deploy locks a run takes; null with {@code no_lock} ({@code --no-lock})
 */
public record PlatformSettings(long keepVersions, Long deployConcurrency, Long deployPerHost,
                               long nonDeployConcurrency, Long nonDeployPerHost, Graphite graphite,
                               String user, boolean redeploy, boolean ignoreLb, boolean force, Locks locks) {

    /**
     * @param waitSeconds {@code lock_wait} ({@code --lock-wait}): how long to wait for another run's lock; 0 fails at once
     * @param ttlSeconds  {@code lock_ttl}: a lease's lifetime, renewed every third of it while the run lives
     */
    public record Locks(long waitSeconds, long ttlSeconds) {
    }

    /** Where deploy start and end metrics go. */
    public record Graphite(String carbonHost, long carbonPort, String metricPrefix) {
    }
}
