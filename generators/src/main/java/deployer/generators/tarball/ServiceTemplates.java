package deployer.generators.tarball;

/**
 * The shell templates of a service, as written in the config (null when absent). {@code healthCheckUrl} and
 * {@code healthCheckCommand} are exclusive.
 */
public record ServiceTemplates(String stop, String start, String check, String reload,
                               String healthCheckCommand, String healthCheckUrl,
                               String lbDisable, String lbEnable, String lbCheck,
                               String migration, String migrationIfExists) {

    public boolean hasLoadBalancer() {
        return lbDisable != null || lbEnable != null;
    }

    public boolean hasHealthCheck() {
        return healthCheckCommand != null || healthCheckUrl != null;
    }
}
