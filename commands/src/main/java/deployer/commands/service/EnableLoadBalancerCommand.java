package deployer.commands.service;

/** Puts the host's service back into the load balancer once it is healthy. */
public final class EnableLoadBalancerCommand extends LoadBalancerCommand {

    @Override
    public String name() {
        return "enable_load_balancer";
    }

    /** Its name before command names were snake_case throughout; saved plans with it still run. */
    @Override
    public java.util.List<String> formerNames() {
        return java.util.List.of("enable_loadbalancer");
    }

    @Override
    String change() {
        return "enabled in";
    }
}
