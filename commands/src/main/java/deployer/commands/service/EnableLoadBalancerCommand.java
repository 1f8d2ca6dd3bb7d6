package deployer.commands.service;

/** Puts the host's service back into the load balancer once it is healthy. */
public final class EnableLoadBalancerCommand extends LoadBalancerCommand {

    @Override
    public String name() {
        return "enable_loadbalancer";
    }

    @Override
    String change() {
        return "enabled in";
    }
}
