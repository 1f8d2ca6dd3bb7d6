package deployer.generators.tarball;

import deployer.core.config.Config;
import deployer.core.json.Node;
import deployer.core.model.HostAddress;
import deployer.core.model.InvalidInputException;
import deployer.generators.inventory.Inventory;
import deployer.generators.inventory.InventoryHost;
import deployer.generators.inventory.InventoryReader;
import deployer.generators.inventory.InventoryValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The config's {@code inventory} sources ({@code --inventory}), read once per generator, so a dynamic inventory runs
 * once per run however often the run reads its config; and the inventory's hosts as {@link TargetHost}s.
 */
final class Inventories {

    private record Key(List<Path> sources, long timeout) {
    }

    private final Map<Key, Inventory> read = new HashMap<>();

    /** The inventory, or empty when the config names none. */
    Optional<Inventory> of(Config c) throws InvalidInputException {
        if (!c.has(TarballSchema.INVENTORY.name())) {
            return Optional.empty();
        }
        Key key = new Key(sources(c), c.whole(TarballSchema.INVENTORY_TIMEOUT));
        Inventory known = read.get(key);
        if (known == null) {
            known = new InventoryReader(Duration.ofSeconds(key.timeout())).read(key.sources());
            read.put(key, known);
        }
        return Optional.of(known);
    }

    /** Written in the config: relative to its file; typed on the command line: to the current directory. */
    private static List<Path> sources(Config c) throws InvalidInputException {
        Node n = c.node(TarballSchema.INVENTORY.name()).orElseThrow();
        boolean typed = n.location().file().equals("command line");
        List<Path> out = new ArrayList<>();
        for (String s : c.strings(TarballSchema.INVENTORY.name())) {
            Path p = typed ? Path.of(s).toAbsolutePath().normalize() : c.file(s);
            if (!java.nio.file.Files.exists(p)) {
                throw c.error("inventory not found: " + p, TarballSchema.INVENTORY.name());
            }
            out.add(p);
        }
        return out;
    }

    /**
     * A host of the inventory as the deployer addresses it: {@code ansible_user@ansible_host:ansible_port} (the
     * inventory name where ansible_host is unset), or {@code local:NAME} for {@code ansible_connection: local}.
     * {@code {hostname}} is the inventory name (Ansible's inventory_hostname); dns_suffix is not applied.
     */
    static TargetHost target(InventoryHost h) throws InvalidInputException {
        if ("local".equals(h.value("ansible_connection"))) {
            return TargetHost.inventory(h.name(), "local:" + h.name().replaceAll("[^A-Za-z0-9_.-]", "_"));
        }
        String address = text(h, "ansible_host", h.name());
        String port = text(h, "ansible_port", null);
        String user = text(h, "ansible_user", null);
        String host = port != null && address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
        String remote = (user == null ? "" : user + "@") + host + (port == null ? "" : ":" + port);
        try {
            HostAddress.parse(remote);
        } catch (IllegalArgumentException bad) {
            InventoryValue blame = h.vars().getOrDefault("ansible_port", h.vars().getOrDefault("ansible_user", h.vars().get("ansible_host")));
            throw new InvalidInputException(blame == null ? h.origin() : blame.origin(),
                    "inventory host '" + h.name() + "' is addressed as '" + remote + "': " + bad.getMessage());
        }
        return TargetHost.inventory(h.name(), remote);
    }

    private static String text(InventoryHost h, String key, String fallback) {
        Object v = h.value(key);
        return v == null ? fallback : String.valueOf(v);
    }
}
