package deployer.generators.tarball;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code service.<name>} block after {@code *_defaults} were mixed in. Path values ({@code installLocation},
 * {@code unpackDir}, {@code port}) may still hold {@code {hostname}}/{@code {shorthostname}}: they are expanded per
 * host by {@link HostPaths}. Shell templates stay templates: the commands fill them in, quoting every value.
 *
 * @param hostgroups     the groups the service runs on, in config order
 * @param hosts          every host of those groups, in config order, without repeats
 * @param category       null when none
 * @param port           raw text, null when none
 * @param unpackDir      raw path, null for the default {@code <install_location>/.deployer-tmp}
 * @param templates      control, health, load balancer and migration templates
 * @param minNodesUp     null for the default (one host stays up when the service has two or more)
 * @param enabledOnHosts null when every host runs the service; else the hosts that are restarted
 * @param remoteUser     the SSH user for this service's tasks, null for the connection default
 * @param timeouts       command arguments passed through as given (control_timeout, check_timeout, lb_timeout)
 * @param maxFailPercentage the deploy's failure budget over all its batches, null: the first failure stops it
 * @param configTemplates   files rendered into each host's new release before the switch ({@code templates})
 * @param templateValues    what they are rendered with besides the built-ins: top-level {@code template_values}
 *                          with the service's own on top
 * @param rollout           its {@code batches} and {@code gates}; {@link Rollout#BY_MIN_NODES_UP} without them
 */
public record ServiceSpec(String name, List<String> hostgroups, List<TargetHost> hosts, String category, String port,
                          String installLocation, String unpackDir, ServiceTemplates templates, Long minNodesUp,
                          Set<String> enabledOnHosts, String remoteUser, Map<String, Long> timeouts,
                          Integer maxFailPercentage, List<ConfigTemplate> configTemplates,
                          Map<String, Object> templateValues, Rollout rollout) {

    public ServiceSpec {
        hostgroups = List.copyOf(hostgroups);
        hosts = List.copyOf(hosts);
        enabledOnHosts = enabledOnHosts == null ? null : Set.copyOf(enabledOnHosts);
        timeouts = Map.copyOf(timeouts);
        configTemplates = List.copyOf(configTemplates);
        templateValues = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(templateValues));
        rollout = rollout == null ? Rollout.BY_MIN_NODES_UP : rollout;
    }

    /** Whether the service is started and stopped on this host (else it only gets the files). */
    public boolean runsOn(TargetHost host) {
        return enabledOnHosts == null || enabledOnHosts.contains(host.name());
    }

    public long enabledHostCount() {
        return hosts.stream().filter(this::runsOn).count();
    }
}
