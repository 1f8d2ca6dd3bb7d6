package deployer.generators.inventory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An inventory resolved from all its sources: every group (the implicit {@code all} and {@code ungrouped} among them)
 * and every host with its variables.
 *
 * @param groups by name, in the order they were first named ({@code all} and {@code ungrouped} first)
 * @param hosts  by name, in the order they were first named
 */
public record Inventory(Map<String, InventoryGroup> groups, Map<String, InventoryHost> hosts) {

    public Inventory {
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
    }

    /**
     * Every host of a group and of its descendants, each once: the group's own first, then its children's breadth
     * first, as Ansible's {@code group.get_hosts()} lists them. {@code all} is every host.
     */
    public List<String> hostsOf(String group) {
        if (group.equals(InventoryGroup.ALL)) {
            return List.copyOf(hosts.keySet());
        }
        Set<String> out = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of(group));
        while (!queue.isEmpty()) {
            String g = queue.removeFirst();
            InventoryGroup ig = groups.get(g);
            if (ig == null || !seen.add(g)) {
                continue;
            }
            out.addAll(ig.hosts());
            queue.addAll(ig.children());
        }
        return new ArrayList<>(out);
    }

    /** The groups a host is in, directly or through a child group, {@code all} included. */
    public Set<String> groupsOf(String host) {
        Set<String> out = new LinkedHashSet<>();
        for (String g : groups.keySet()) {
            if (hostsOf(g).contains(host)) {
                out.add(g);
            }
        }
        return out;
    }
}
