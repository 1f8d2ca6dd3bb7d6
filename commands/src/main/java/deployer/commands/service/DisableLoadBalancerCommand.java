package deployer.commands.service;

/** Takes the host's service out of the load balancer before it is stopped. */
public final class DisableLoadBalancerCommand extends LoadBalancerCommand {

    @Override
    public String name() {
        return "disable_load_balancer";
    }

    /** Its name before command names were snake_case throughout; saved plans with it still run. */
    @Override
    public java.util.List<String> formerNames() {
        return java.util.List.of("disable_loadbalancer");
    }

    @Override
    String change() {
        return "disabled in";
    }
}
