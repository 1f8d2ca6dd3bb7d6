package deployer.generators.inventory;

import deployer.core.json.Node;
import deployer.core.model.InvalidInputException;

import java.util.Map;

/**
 * A YAML inventory, as Ansible's {@code yaml} plugin reads it: top-level keys are groups; a group has {@code hosts}
 * (host patterns mapped to their variables), {@code vars} and {@code children} (groups, nested the same way).
 */
final class YamlInventory {

    private final InventoryBuilder builder;

    private YamlInventory(InventoryBuilder builder) {
        this.builder = builder;
    }

    static void parse(Node root, InventoryBuilder builder) throws InvalidInputException {
        if (!root.isMap()) {
            throw new InvalidInputException(Origins.of(root), "a YAML inventory is a mapping of groups, got " + root.typeName());
        }
        if (root.asMap().containsKey("plugin")) {
            throw new InvalidInputException(Origins.of(root.asMap().get("plugin")), "inventory plugins ('plugin: "
                    + root.asMap().get("plugin").value() + "') are not supported: list the hosts in an INI or YAML"
                    + " inventory, or use an executable that prints them (ansible-inventory --list > FILE.json)");
        }
        YamlInventory y = new YamlInventory(builder);
        for (var g : root.asMap().entrySet()) {
            y.group(null, g.getKey(), g.getValue());
        }
    }

    private void group(String parent, String name, Node data) throws InvalidInputException {
        String origin = Origins.of(data);
        builder.group(name, origin);
        if (parent != null) {
            builder.child(parent, name, origin);
        }
        if (data.value() == null) {
            return;
        }
        if (!data.isMap()) {
            throw new InvalidInputException(origin, "group '" + name + "': expected a mapping with hosts, vars or children, got " + data.typeName());
        }
        for (var e : data.asMap().entrySet()) {
            Node v = e.getValue();
            switch (e.getKey()) {
                case "hosts" -> hosts(name, mapping(name, "hosts", v));
                case "vars" -> {
                    for (var var : mapping(name, "vars", v).entrySet()) {
                        builder.groupVar(name, var.getKey(), var.getValue().toPlain(), Origins.of(var.getValue()));
                    }
                }
                case "children" -> {
                    for (var c : mapping(name, "children", v).entrySet()) {
                        group(name, c.getKey(), c.getValue());
                    }
                }
                default -> throw new InvalidInputException(Origins.of(v), "group '" + name + "': unexpected key '" + e.getKey()
                        + "'; a group has hosts, vars and children");
            }
        }
    }

    private static Map<String, Node> mapping(String group, String key, Node v) throws InvalidInputException {
        if (v.value() == null) {
            return Map.of();
        }
        if (!v.isMap()) {
            throw new InvalidInputException(Origins.of(v), "group '" + group + "': expected " + key + " to be a mapping, got " + v.typeName());
        }
        return v.asMap();
    }

    private void hosts(String group, Map<String, Node> hosts) throws InvalidInputException {
        for (var h : hosts.entrySet()) {
            String origin = Origins.of(h.getValue());
            HostPattern.Expansion names;
            try {
                names = HostPattern.expand(h.getKey());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(origin, "bad host pattern '" + h.getKey() + "': " + e.getMessage());
            }
            Map<String, Node> vars = mapping(group, "the variables of host " + h.getKey(), h.getValue());
            for (String name : names.hosts()) {
                builder.host(group, name, origin);
                if (names.port() != null) {
                    builder.hostVar(name, "ansible_port", names.port().longValue(), origin);
                }
                for (var var : vars.entrySet()) {
                    builder.hostVar(name, var.getKey(), var.getValue().toPlain(), Origins.of(var.getValue()));
                }
            }
        }
    }
}
