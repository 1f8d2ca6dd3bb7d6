package deployer.generators.tarball;

import deployer.core.config.Config;
import deployer.core.model.InvalidInputException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which hosts of which services this run touches: {@code --hosts}, {@code --hostgroups} and {@code --categories}
 * (config keys {@code target_hosts}, {@code target_hostgroups}, {@code target_categories}) narrow the targets; given
 * together, a host must pass all of them. {@code --force} with {@code --hosts} deploys to the named hosts even where
 * the service is not configured.
 */
public final class HostSelection {

    private final Set<String> hosts;       // configured host names; null = no host filter
    private final Set<String> groups;      // null = no group filter
    private final Set<String> categories;  // null = no category filter
    private final boolean force;
    private final TarballConfig config;

    private HostSelection(TarballConfig config, Set<String> hosts, Set<String> groups, Set<String> categories, boolean force) {
        this.config = config;
        this.hosts = hosts;
        this.groups = groups;
        this.categories = categories;
        this.force = force;
    }

    /** Reads the filters; a name that matches nothing is an error listing the known ones. */
    public static HostSelection read(TarballConfig tc) throws InvalidInputException {
        Config c = tc.config();
        Set<String> hosts = null;
        if (c.has("target_hosts")) {
            hosts = new LinkedHashSet<>();
            List<TargetHost> all = tc.allHosts();
            for (String typed : c.strings("target_hosts")) {
                List<TargetHost> match = all.stream().filter(h -> h.answersTo(typed)).toList();
                if (match.isEmpty()) {
                    throw c.error("unknown host '" + typed + "'; known hosts: " + TarballConfig.known(all.stream().map(TargetHost::name).toList()), "target_hosts");
                }
                hosts.addAll(hostsOf(match));
            }
        }
        Set<String> groups = null;
        if (c.has("target_hostgroups")) {
            groups = new LinkedHashSet<>();
            for (String g : c.strings("target_hostgroups")) {
                if (!tc.hostgroups().containsKey(g)) {
                    throw c.error("unknown host group '" + g + "'; known host groups: " + TarballConfig.known(tc.hostgroups().keySet()), "target_hostgroups");
                }
                groups.add(g);
            }
        }
        Set<String> categories = null;
        if (c.has("target_categories")) {
            categories = new LinkedHashSet<>();
            Set<String> known = new LinkedHashSet<>();
            tc.services().values().stream().map(ServiceSpec::category).filter(x -> x != null).forEach(known::add);
            for (String cat : c.strings("target_categories")) {
                if (!known.contains(cat)) {
                    throw c.error("unknown category '" + cat + "'; categories of the services: " + TarballConfig.known(known), "target_categories");
                }
                categories.add(cat);
            }
        }
        return new HostSelection(tc, hosts, groups, categories, tc.settings().force());
    }

    private static List<String> hostsOf(List<TargetHost> hs) {
        return hs.stream().map(TargetHost::name).toList();
    }

    /** Whether the service is in the selected categories (always, without a category filter). */
    public boolean includes(ServiceSpec service) {
        return categories == null || categories.contains(service.category());
    }

    /** The service's hosts this run targets, in config order. */
    public List<TargetHost> targets(ServiceSpec service) {
        if (!includes(service)) {
            return List.of();
        }
        Map<String, TargetHost> candidates = new LinkedHashMap<>();
        service.hosts().forEach(h -> candidates.put(h.name(), h));
        if (force && hosts != null) {
            config.allHosts().stream().filter(h -> hosts.contains(h.name())).forEach(h -> candidates.putIfAbsent(h.name(), h));
        }
        List<TargetHost> out = new ArrayList<>();
        for (TargetHost h : candidates.values()) {
            if (hosts != null && !hosts.contains(h.name())) {
                continue;
            }
            if (groups != null && groups.stream().noneMatch(g -> config.hostgroups().get(g).stream().anyMatch(x -> x.name().equals(h.name())))) {
                continue;
            }
            out.add(h);
        }
        return out;
    }

    /** A one-line description of the filters, for "nothing selected" messages. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (hosts != null) parts.add("--hosts " + String.join(" ", hosts));
        if (groups != null) parts.add("--hostgroups " + String.join(" ", groups));
        if (categories != null) parts.add("--categories " + String.join(" ", categories));
        return parts.isEmpty() ? "no filters" : String.join(", ", parts);
    }
}
