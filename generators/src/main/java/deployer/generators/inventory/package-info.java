/**
 * Ansible inventories read as Ansible reads them: INI and YAML files, directories of them, and dynamic-inventory
 * executables, with {@code group_vars/} and {@code host_vars/} beside each source. {@link InventoryReader} is the entry;
 * {@link Inventory} the resolved view (groups with children, hosts with their variables merged by Ansible's
 * precedence, each value with where it was set). Nothing here knows the tarball platform.
 */
package deployer.generators.inventory;
