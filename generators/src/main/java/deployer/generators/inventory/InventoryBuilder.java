package deployer.generators.inventory;

import deployer.core.model.InvalidInputException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the parsers of every source add to, in order; {@link #build} resolves it as Ansible's inventory manager does:
 * hosts in no group go to {@code ungrouped}, groups without a parent are children of {@code all}, and each host's
 * variables are merged by Ansible's precedence.
 */
final class InventoryBuilder {

    private static final String IMPLICIT = "(implicit)";

    private static final class Group {
        final String name;
        final String origin;
        final Set<String> hosts = new LinkedHashSet<>();
        final Set<String> children = new LinkedHashSet<>();
        final Set<String> parents = new LinkedHashSet<>();
        final Map<String, InventoryValue> inline = new LinkedHashMap<>();
        final Map<String, InventoryValue> files = new LinkedHashMap<>();

        Group(String name, String origin) {
            this.name = name;
            this.origin = origin;
        }
    }

    private static final class Host {
        final String origin;
        final Map<String, InventoryValue> inline = new LinkedHashMap<>();
        final Map<String, InventoryValue> files = new LinkedHashMap<>();

        Host(String origin) {
            this.origin = origin;
        }
    }

    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Host> hosts = new LinkedHashMap<>();

    InventoryBuilder() {
        group(InventoryGroup.ALL, IMPLICIT);
        group(InventoryGroup.UNGROUPED, IMPLICIT);
    }

    boolean hasGroup(String name) {
        return groups.containsKey(name);
    }

    Set<String> groupNames() {
        return new LinkedHashSet<>(groups.keySet());
    }

    Set<String> hostNames() {
        return new LinkedHashSet<>(hosts.keySet());
    }

    void group(String name, String origin) {
        groups.computeIfAbsent(name, n -> new Group(n, origin));
    }

    /** Adds a host to a group ({@code all}: to no group but the implicit ones). */
    void host(String group, String name, String origin) {
        hosts.computeIfAbsent(name, n -> new Host(origin));
        group(group, origin);
        if (!group.equals(InventoryGroup.ALL)) {
            groups.get(group).hosts.add(name);
        }
    }

    void hostVar(String host, String key, Object value, String origin) {
        hosts.get(host).inline.put(key, new InventoryValue(value, origin));
    }

    void hostFileVar(String host, String key, Object value, String origin) {
        hosts.get(host).files.put(key, new InventoryValue(value, origin));
    }

    void groupVar(String group, String key, Object value, String origin) {
        groups.get(group).inline.put(key, new InventoryValue(value, origin));
    }

    void groupFileVar(String group, String key, Object value, String origin) {
        groups.get(group).files.put(key, new InventoryValue(value, origin));
    }

    /** Makes {@code child} a child of {@code parent} (both created if new); a loop is refused where it would close. */
    void child(String parent, String child, String origin) throws InvalidInputException {
        group(parent, origin);
        group(child, origin);
        if (parent.equals(InventoryGroup.ALL)) {
            return;
        }
        List<String> loop = path(child, parent, new LinkedHashSet<>());
        if (loop != null) {
            List<String> shown = new ArrayList<>(loop);
            shown.add(child);
            throw new InvalidInputException(origin, "adding group '" + child + "' as a child of '" + parent
                    + "' makes a cycle of children: " + String.join(" → ", shown));
        }
        groups.get(parent).children.add(child);
        groups.get(child).parents.add(parent);
    }

    /** The groups from {@code from} down to {@code to} through children, or null when {@code to} is not below it. */
    private List<String> path(String from, String to, Set<String> seen) {
        if (from.equals(to)) {
            return new ArrayList<>(List.of(from));
        }
        if (!seen.add(from)) {
            return null;
        }
        for (String c : groups.get(from).children) {
            List<String> rest = path(c, to, seen);
            if (rest != null) {
                rest.add(0, from);
                return rest;
            }
        }
        return null;
    }

    Inventory build() {
        Group ungrouped = groups.get(InventoryGroup.UNGROUPED);
        for (String h : hosts.keySet()) {
            boolean elsewhere = groups.values().stream().anyMatch(g -> g != ungrouped && g.hosts.contains(h));
            if (elsewhere) {
                ungrouped.hosts.remove(h);
            } else {
                ungrouped.hosts.add(h);
            }
        }
        List<String> top = new ArrayList<>();
        for (Group g : groups.values()) {
            if (!g.name.equals(InventoryGroup.ALL) && g.parents.isEmpty()) {
                top.add(g.name);
            }
        }
        Map<String, InventoryGroup> resolved = new LinkedHashMap<>();
        for (Group g : groups.values()) {
            resolved.put(g.name, g.name.equals(InventoryGroup.ALL)
                    ? new InventoryGroup(g.name, List.of(), top, g.origin)
                    : new InventoryGroup(g.name, List.copyOf(g.hosts), List.copyOf(g.children), g.origin));
        }
        Map<String, InventoryHost> resolvedHosts = new LinkedHashMap<>();
        for (var h : hosts.entrySet()) {
            resolvedHosts.put(h.getKey(), new InventoryHost(h.getKey(), variables(h.getKey(), h.getValue()), h.getValue().origin));
        }
        return new Inventory(resolved, resolvedHosts);
    }

    /**
     * Ansible's order (VariableManager.get_vars): all's inline vars, group_vars/all, every other group's inline vars
     * from parent to child (by depth, then ansible_group_priority, then name), their group_vars files in the same
     * order, the host's inline vars, host_vars.
     */
    private Map<String, InventoryValue> variables(String name, Host host) {
        List<Group> ordered = new ArrayList<>();
        for (Group g : groups.values()) {
            if (!g.name.equals(InventoryGroup.ALL) && contains(g, name, new LinkedHashSet<>())) {
                ordered.add(g);
            }
        }
        Map<String, Integer> depth = new LinkedHashMap<>();
        ordered.sort(Comparator.<Group>comparingInt(g -> depth(g, depth)).thenComparingLong(InventoryBuilder::priority)
                .thenComparing(g -> g.name));
        Map<String, InventoryValue> vars = new TreeMap<>();
        Group all = groups.get(InventoryGroup.ALL);
        vars.putAll(all.inline);
        vars.putAll(all.files);
        ordered.forEach(g -> vars.putAll(g.inline));
        ordered.forEach(g -> vars.putAll(g.files));
        vars.putAll(host.inline);
        vars.putAll(host.files);
        return vars;
    }

    private boolean contains(Group g, String host, Set<String> seen) {
        if (!seen.add(g.name)) {
            return false;
        }
        return g.hosts.contains(host) || g.children.stream().anyMatch(c -> contains(groups.get(c), host, seen));
    }

    private int depth(Group g, Map<String, Integer> memo) {
        Integer known = memo.get(g.name);
        if (known != null) {
            return known;
        }
        int d = 1;
        for (String p : g.parents) {
            d = Math.max(d, depth(groups.get(p), memo) + 1);
        }
        memo.put(g.name, d);
        return d;
    }

    private static long priority(Group g) {
        InventoryValue p = g.inline.containsKey("ansible_group_priority") ? g.inline.get("ansible_group_priority") : g.files.get("ansible_group_priority");
        if (p != null && p.value() instanceof Number n) {
            return n.longValue();
        }
        if (p != null && p.value() instanceof String s && s.matches("-?\\d{1,9}")) {
            return Long.parseLong(s);
        }
        return 1;
    }
}
