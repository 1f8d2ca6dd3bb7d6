package deployer.commands.service;

/** Takes the host's service out of the load balancer before it is stopped. */
public final class DisableLoadBalancerCommand extends LoadBalancerCommand {

    @Override
    public String name() {
        return "disable_loadbalancer";
    }

    @Override
    String change() {
        return "disabled in";
    }
}
