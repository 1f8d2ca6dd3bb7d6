package deployer.generators.inventory;

import java.util.List;

/**
 * A group as the inventory declares it.
 *
 * @param hosts    its own hosts, in the order they were first added (not its children's)
 * @param children its child groups, in the order they were added
 * @param origin   where it was first named; the implicit groups {@code all} and {@code ungrouped} say so
 */
public record InventoryGroup(String name, List<String> hosts, List<String> children, String origin) {

    public static final String ALL = "all";
    public static final String UNGROUPED = "ungrouped";

    public InventoryGroup {
        hosts = List.copyOf(hosts);
        children = List.copyOf(children);
    }
}
