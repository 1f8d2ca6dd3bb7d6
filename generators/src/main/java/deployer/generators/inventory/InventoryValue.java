package deployer.generators.inventory;

/**
 * One variable's value and where it was set.
 *
 * @param value  as Ansible types it: a String, Long, Double, Boolean, null, or a List/Map of those
 * @param origin {@code file:line} where practical, else the file, or {@code SCRIPT --list}
 */
public record InventoryValue(Object value, String origin) {
}
