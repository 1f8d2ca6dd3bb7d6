package deployer.generators.tarball;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a hook or a notification is told about the run, as far as the plan knows it: the action, the environment,
 * the services with their versions, and each target host with the release it had. The run id and the result are
 * only known while the run runs: the commands add them ({@code run_hook}, {@code notify}).
 *
 * @param environment the run's environment name ({@code --environment}), or empty
 */
record RunFacts(String action, String environment, List<ServiceRun> services) {

    /** One service's part: its version (or versions, on a rollback to different releases) and its hosts. */
    record ServiceRun(ServiceSpec service, String version, List<HostRun> hosts) {
    }

    /** A target host, with the release it ran before this run (null: none). */
    record HostRun(TargetHost host, String previous) {
    }

    /** The environment whose overlay the config was loaded with ({@code --environment}), or empty. */
    static String environmentOf(deployer.core.config.Config config) {
        return config.environment().orElse("");
    }

    /** The facts narrowed to one service (a service's own hooks). */
    RunFacts only(String service) {
        return new RunFacts(action, environment, services.stream().filter(s -> s.service().name().equals(service)).toList());
    }

    List<String> serviceNames() {
        return services.stream().map(s -> s.service().name()).toList();
    }

    /** Every target host once, in plan order, with the first service that has it (for its SSH user). */
    Map<String, HostOf> hosts() {
        Map<String, HostOf> all = new LinkedHashMap<>();
        for (ServiceRun s : services) {
            for (HostRun h : s.hosts()) {
                all.putIfAbsent(h.host().name(), new HostOf(h.host(), s.service()));
            }
        }
        return all;
    }

    record HostOf(TargetHost host, ServiceSpec service) {
    }

    /** The environment variables of a hook; {@code host} is null for one run on the controller. */
    Map<String, String> env(String event, String host) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DEPLOY_HOOK", event);
        env.put("DEPLOY_ACTION", action);
        env.put("DEPLOY_ENVIRONMENT", environment);
        env.put("DEPLOY_SERVICE", String.join(" ", serviceNames()));
        env.put("DEPLOY_VERSION", String.join(" ", services.stream().map(ServiceRun::version).toList()));
        Set<String> previous = new LinkedHashSet<>();
        for (ServiceRun s : services) {
            for (HostRun h : s.hosts()) {
                if (h.previous() != null && (host == null || h.host().name().equals(host))) {
                    previous.add(h.previous());
                }
            }
        }
        env.put("DEPLOY_PREVIOUS_VERSION", String.join(" ", previous));
        env.put("DEPLOY_HOSTS", String.join(" ", hostNames()));
        if (host != null) {
            env.put("DEPLOY_HOST", host);
        }
        return env;
    }

    List<String> hostNames() {
        return new ArrayList<>(hosts().values().stream().map(h -> h.host().remoteHost()).toList());
    }
}
