package deployer.generators.tarball;

import deployer.core.config.Config;
import deployer.core.json.Node;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.generators.inventory.Inventory;
import deployer.generators.inventory.InventoryGroup;
import deployer.generators.inventory.InventoryHost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tarball platform's view of the config: host groups, services, deployment order and settings, checked once
 * up front so that every later step can trust them. Every error names the config file:line of the bad value.
 */
public record TarballConfig(Config config, Map<String, List<TargetHost>> hostgroups, Map<String, ServiceSpec> services,
                            List<List<String>> deploymentOrder, PlatformSettings settings, ServiceDependencies dependencies) {

    /** What the commands fill into shell templates (see commands/COMMANDS.md). */
    static final Set<String> TEMPLATE_PLACEHOLDERS = Set.of("servicename", "port", "hostname", "version", "install_location");
    private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\$)\\{([a-z_]+)}");
    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /**
     * Checks the config and collects every problem before failing: a bad host group or service does not hide the
     * problems of the others (the declared schema has already checked keys, types and ranges).
     */
    public static TarballConfig read(Config config) throws InvalidInputException {
        return read(config, new Inventories());
    }

    /** As {@link #read(Config)}, with the inventories read through {@code inventories} (once per generator). */
    static TarballConfig read(Config config, Inventories inventories) throws InvalidInputException {
        List<Problem> problems = new ArrayList<>();
        String dnsSuffix = config.string("dns_suffix").orElse(null);
        Map<String, List<TargetHost>> groups = hostgroups(config, dnsSuffix, problems);
        collect(problems, () -> {
            inventoryGroups(config, inventories, groups, problems);
            return null;
        });
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        for (String name : config.map("service").keySet()) {
            ServiceSpec spec = collect(problems, () -> service(config, name, groups));
            if (spec != null) {
                services.put(name, spec);
            }
        }
        if (config.map("service").isEmpty()) {
            problems.add(config.error("the tarball platform needs at least one service: expected 'service: {NAME: {hostgroups: […], install_location: …}}'", "service").problems().get(0));
        }
        List<List<String>> order = collect(problems, () -> deploymentOrder(config, config.map("service").keySet()));
        ServiceDependencies dependencies = collect(problems, () -> ServiceDependencies.read(config, config.map("service").keySet()));
        if (order != null && dependencies != null) {
            collect(problems, () -> {
                dependencies.checkOrder(config, order);
                return null;
            });
        }
        PlatformSettings settings = collect(problems, () -> settings(config));
        if (!problems.isEmpty()) {
            // A bad top-level value that several services fall back to (batches, gates) is one problem.
            throw new InvalidInputException(problems.stream().distinct().toList());
        }
        return new TarballConfig(config, groups, services, order, settings, dependencies);
    }

    private interface Step<T> {
        T get() throws InvalidInputException;
    }

    /** Runs one independent check; its problems are kept and null returned, so the next check still runs. */
    private static <T> T collect(List<Problem> problems, Step<T> step) {
        try {
            return step.get();
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    public List<TargetHost> allHosts() {
        Map<String, TargetHost> all = new LinkedHashMap<>();
        hostgroups.values().forEach(hs -> hs.forEach(h -> all.putIfAbsent(h.name(), h)));
        return List.copyOf(all.values());
    }

    /** Every host group; a bad one is reported and kept empty, so services naming it are not told it is unknown. */
    private static Map<String, List<TargetHost>> hostgroups(Config config, String dnsSuffix, List<Problem> problems) throws InvalidInputException {
        Map<String, List<TargetHost>> groups = new LinkedHashMap<>();
        for (String group : config.map("hostgroup").keySet()) {
            List<TargetHost> hosts = collect(problems, () -> hostgroup(config, group, dnsSuffix));
            groups.put(group, hosts == null ? List.of() : hosts);
        }
        return groups;
    }

    /**
     * The groups of the config's inventories ({@code all} and {@code ungrouped} among them) join the host groups; one
     * named like a {@code hostgroup} entry is an error naming both places.
     */
    private static void inventoryGroups(Config config, Inventories inventories, Map<String, List<TargetHost>> groups,
                                        List<Problem> problems) throws InvalidInputException {
        Inventory inventory = inventories.of(config).orElse(null);
        if (inventory == null) {
            return;
        }
        Map<String, TargetHost> hosts = new LinkedHashMap<>();
        for (InventoryHost h : inventory.hosts().values()) {
            TargetHost t = collect(problems, () -> Inventories.target(h));
            if (t != null) {
                hosts.put(h.name(), t);
            }
        }
        for (InventoryGroup g : inventory.groups().values()) {
            if (groups.containsKey(g.name())) {
                problems.addAll(config.error("host group '" + g.name() + "' is defined twice: here and in the inventory at "
                        + g.origin() + " (rename one of them)", "hostgroup", g.name()).problems());
                continue;
            }
            groups.put(g.name(), inventory.hostsOf(g.name()).stream().map(hosts::get).filter(java.util.Objects::nonNull).toList());
        }
    }

    private static List<TargetHost> hostgroup(Config config, String group, String dnsSuffix) throws InvalidInputException {
        Node value = config.map("hostgroup").get(group);
        // The spec's short form `hostgroup.<g>: [hosts]` and the original's `hostgroup.<g>.hosts: [hosts]`.
        List<String> names = value.isMap() ? config.strings("hostgroup", group, "hosts") : config.strings("hostgroup", group);
        if (names.isEmpty()) {
            throw config.error("host group '" + group + "' has no hosts: expected a list of host names, or 'hosts: [HOST…]'", "hostgroup", group);
        }
        List<TargetHost> hosts = new ArrayList<>();
        for (String n : names) {
            try {
                deployer.core.model.HostAddress.parse(n);
            } catch (IllegalArgumentException bad) {
                throw config.error("bad host name '" + n + "': " + bad.getMessage(), "hostgroup", group);
            }
            hosts.add(TargetHost.of(n, dnsSuffix));
        }
        return List.copyOf(hosts);
    }

    private static ServiceSpec service(Config c, String name, Map<String, List<TargetHost>> groups) throws InvalidInputException {
        String[] at = {"service", name};
        List<Problem> problems = new ArrayList<>();
        if (!SERVICE_NAME.matcher(name).matches()) {
            problems.addAll(c.error("bad service name '" + name + "': expected letters, digits, '.', '_' or '-' (it becomes a directory name)", at).problems());
        }
        if (!c.node(at).map(Node::isMap).orElse(false)) {
            throw c.error("expected a mapping with at least hostgroups and install_location", at);
        }
        // conf/test.yaml (the spec's example) names the groups under `hosts`.
        String groupKey = c.has("service", name, "hostgroups") ? "hostgroups" : "hosts";
        List<String> groupNames = c.strings("service", name, groupKey);
        if (groupNames.isEmpty()) {
            // At the key when written (an environment's overlay may have emptied it), else at the service.
            String[] where = c.node("service", name, groupKey).isPresent() ? new String[]{"service", name, groupKey} : at;
            problems.addAll(c.error("service '" + name + "' has no hosts: expected 'hostgroups: [GROUP…]'", where).problems());
        }
        Map<String, TargetHost> hosts = new LinkedHashMap<>();
        for (String g : groupNames) {
            List<TargetHost> members = groups.get(g);
            if (members == null) {
                problems.addAll(c.error("unknown host group '" + g + "'; known host groups: " + known(groups.keySet()), "service", name, groupKey).problems());
            } else if (members.isEmpty() && !c.map("hostgroup").containsKey(g)) {
                problems.addAll(c.error("inventory group '" + g + "' has no hosts", "service", name, groupKey).problems());
            } else {
                members.forEach(h -> hosts.putIfAbsent(h.name(), h));
            }
        }
        // Each check below is independent of the others: all of a service's problems are reported in one run.
        String install = collect(problems, () -> {
            String i = c.string("service", name, "install_location").orElseThrow(() ->
                    c.error("service '" + name + "' needs install_location (an absolute directory; releases go to install_location/" + name + "_VERSION)", at));
            requireAbsolute(c, i, "service", name, "install_location");
            return i;
        });
        String unpack = collect(problems, () -> {
            String u = c.string("service", name, "unpack_dir").orElse(null);
            if (u != null) {
                requireAbsolute(c, u, "service", name, "unpack_dir");
            }
            return u;
        });
        Set<String> enabled = null;
        if (c.has("service", name, "enabled_on_hosts")) {
            enabled = new LinkedHashSet<>();
            for (String h : c.strings("service", name, "enabled_on_hosts")) {
                TargetHost match = hosts.values().stream().filter(x -> x.answersTo(h)).findFirst().orElse(null);
                if (match == null) {
                    problems.addAll(c.error("'" + h + "' is not a host of service '" + name + "'; its hosts: " + known(hosts.keySet()),
                            "service", name, "enabled_on_hosts").problems());
                } else {
                    enabled.add(match.name());
                }
            }
        }
        // min_nodes_up and the timeouts are range-checked by the declared schema (TarballSchema); these guard
        // configs built without it (unit tests).
        Long minUp = c.integer("service", name, "min_nodes_up").orElse(null);
        if (minUp != null && minUp < 0) {
            problems.addAll(c.error("must be at least 0, got " + minUp, "service", name, "min_nodes_up").problems());
        }
        Map<String, Long> timeouts = new LinkedHashMap<>();
        for (String t : List.of("control_timeout", "check_timeout", "lb_timeout")) {
            Long v = c.integer("service", name, t).orElse(null);
            if (v != null) {
                if (v < 1) {
                    problems.addAll(c.error("must be at least 1 (seconds), got " + v, "service", name, t).problems());
                }
                timeouts.put(t, v);
            }
        }
        Long maxFail = c.integer("service", name, "max_fail_percentage").orElse(null);
        if (maxFail != null && (maxFail < 0 || maxFail > 100)) {
            problems.addAll(c.error("expected 0 to 100 (percent), got " + maxFail, "service", name, "max_fail_percentage").problems());
        }
        String port = collect(problems, () -> port(c, name));
        ServiceTemplates templates = collect(problems, () -> templates(c, name));
        List<ConfigTemplate> configTemplates = collect(problems, () -> ConfigTemplate.read(c, name, problems));
        Map<String, Object> templateValues = ConfigTemplate.values(c, name, problems);
        Rollout rollout = collect(problems, () -> Rollout.read(c, name));
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new ServiceSpec(name, groupNames, List.copyOf(hosts.values()),
                c.string("service", name, "category").orElse(null), port, install, unpack,
                templates, minUp, enabled, c.string("service", name, "remote_user").orElse(null), timeouts,
                maxFail == null ? null : maxFail.intValue(), configTemplates, templateValues, rollout);
    }

    private static String port(Config c, String name) throws InvalidInputException {
        String port = c.string("service", name, "port").orElse(null);
        if (port != null && !port.contains("{") && !isPort(port)) {
            throw c.error("expected a port from 1 to 65535, got '" + port + "'", "service", name, "port");
        }
        return port;
    }

    static boolean isPort(String s) {
        return s.matches("\\d{1,5}") && Integer.parseInt(s) >= 1 && Integer.parseInt(s) <= 65535;
    }

    private static ServiceTemplates templates(Config c, String name) throws InvalidInputException {
        String healthCommand = null;
        String healthUrl = null;
        if (c.node("service", name, "health_check").map(Node::isMap).orElse(false)) {
            healthCommand = template(c, "service", name, "health_check", "command");
            healthUrl = template(c, "service", name, "health_check", "url");
            if ((healthCommand == null) == (healthUrl == null)) {
                throw c.error("expected exactly one of 'command' (run on the host) and 'url' (checked for a 2xx answer)", "service", name, "health_check");
            }
        } else {
            String h = template(c, "service", name, "health_check");
            if (h != null && (h.startsWith("http://") || h.startsWith("https://"))) {
                healthUrl = h;
            } else {
                healthCommand = h;
            }
        }
        ServiceTemplates t = new ServiceTemplates(
                template(c, "service", name, "stop_command"), template(c, "service", name, "start_command"),
                template(c, "service", name, "check_command"), template(c, "service", name, "reload_command"),
                healthCommand, healthUrl,
                template(c, "service", name, "lb_disable_command"), template(c, "service", name, "lb_enable_command"),
                template(c, "service", name, "lb_check_command"),
                template(c, "service", name, "migration_command"), c.string("service", name, "migration_if_exists").orElse(null));
        if ((t.lbDisable() == null) != (t.lbEnable() == null)) {
            throw c.error("a load balancer needs both lb_disable_command and lb_enable_command (a host taken out must be put back)", "service", name);
        }
        return t;
    }

    /** A shell template; placeholders the commands would not fill are reported here, at the config line. */
    private static String template(Config c, String... path) throws InvalidInputException {
        String t = c.string(path).orElse(null);
        if (t == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(t);
        while (m.find()) {
            if (!TEMPLATE_PLACEHOLDERS.contains(m.group(1))) {
                throw c.error("unknown placeholder {" + m.group(1) + "}; shell templates may use "
                        + known(TEMPLATE_PLACEHOLDERS.stream().map(p -> "{" + p + "}").sorted().toList()), path);
            }
        }
        return t;
    }

    private static void requireAbsolute(Config c, String path, String... at) throws InvalidInputException {
        if (!path.startsWith("/")) {
            throw c.error("expected an absolute path (it is a directory on each host), got '" + path + "'", at);
        }
        if (path.contains("..")) {
            throw c.error("expected a path without '..', got '" + path + "'", at);
        }
    }

    private static List<List<String>> deploymentOrder(Config c, java.util.Set<String> services) throws InvalidInputException {
        List<List<String>> order = new ArrayList<>();
        Node n = c.node("deployment_order").filter(x -> x.value() != null).orElse(null);
        if (n == null) {
            return order;
        }
        if (!n.isList()) {
            throw c.error("expected a list of service names (a nested list deploys its services in parallel), got " + n.typeName(), "deployment_order");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Node step : n.asList()) {
            List<Node> names = step.isList() ? step.asList() : List.of(step);
            List<String> parallel = new ArrayList<>();
            for (Node s : names) {
                if (!(s.value() instanceof String name)) {
                    throw new InvalidInputException(s.location() + " deployment_order", "expected a service name or a list of service names, got " + s.typeName());
                }
                if (!services.contains(name)) {
                    throw new InvalidInputException(s.location() + " deployment_order", "unknown service '" + name + "'; known services: " + known(services));
                }
                if (!seen.add(name)) {
                    throw new InvalidInputException(s.location() + " deployment_order", "service '" + name + "' is listed twice");
                }
                parallel.add(name);
            }
            if (!parallel.isEmpty()) {
                order.add(List.copyOf(parallel));
            }
        }
        return order;
    }

    private static PlatformSettings settings(Config c) throws InvalidInputException {
        long keep = c.whole(TarballSchema.KEEP_VERSIONS);
        PlatformSettings.Graphite graphite = null;
        if (c.has("graphite")) {
            String host = c.string("graphite", "carbon_host").orElseThrow(() ->
                    c.error("graphite needs carbon_host (and optionally carbon_port, metric_prefix)", "graphite"));
            long port = c.whole(deployer.core.config.CoreSchema.CARBON_PORT, "graphite");
            graphite = new PlatformSettings.Graphite(host, port, c.string("graphite", "metric_prefix").orElse(null));
        }
        return new PlatformSettings(keep, positive(c, "deploy_concurrency").orElse(null),
                positive(c, "deploy_concurrency_per_host").orElse(null),
                c.whole(TarballSchema.NON_DEPLOY_CONCURRENCY),
                positive(c, "non_deploy_concurrency_per_host").orElse(null), graphite,
                c.string("user").orElse(null), c.bool(false, "redeploy"), c.bool(false, "ignore_lb"), c.bool(false, "force"),
                locks(c));
    }

    private static PlatformSettings.Locks locks(Config c) throws InvalidInputException {
        long wait = c.whole(TarballSchema.LOCK_WAIT);
        long ttl = c.whole(TarballSchema.LOCK_TTL);
        if (c.flag(TarballSchema.NO_LOCK)) {
            if (c.has("lock_wait")) {
                throw c.error("lock_wait has no effect with no_lock: give one of them", "lock_wait");
            }
            return null;
        }
        return new PlatformSettings.Locks(wait, ttl);
    }

    private static java.util.Optional<Long> positive(Config c, String key) throws InvalidInputException {
        java.util.Optional<Long> v = c.integer(key);
        if (v.isPresent() && v.get() < 1) {
            throw c.error("expected " + key + " of at least 1, got " + v.get(), key);
        }
        return v;
    }

    static String known(java.util.Collection<String> names) {
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }
}
