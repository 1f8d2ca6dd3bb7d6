package deployer.generators.inventory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A host and its variables after Ansible's precedence was applied (all, then the groups from parent to child, then
 * the host; {@code group_vars/} and {@code host_vars/} files over inline values; later sources over earlier ones).
 *
 * @param name   the inventory hostname
 * @param vars   by name, sorted as {@code ansible-inventory} prints them
 * @param origin where the host was first named
 */
public record InventoryHost(String name, Map<String, InventoryValue> vars, String origin) {

    public InventoryHost {
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
    }

    /** The value of a variable, or null when it is not set. */
    public Object value(String key) {
        InventoryValue v = vars.get(key);
        return v == null ? null : v.value();
    }
}
