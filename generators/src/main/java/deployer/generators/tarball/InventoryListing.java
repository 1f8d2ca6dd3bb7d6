package deployer.generators.tarball;

import deployer.core.spi.InventoryView;
import deployer.generators.inventory.Inventory;
import deployer.generators.inventory.InventoryJson;

import java.util.List;
import java.util.Optional;

/** The config's resolved inventory as {@code deploy inventory} prints it. */
record InventoryListing(Inventory inventory) implements InventoryView {

    @Override
    public String list() {
        return InventoryJson.list(inventory);
    }

    @Override
    public String graph() {
        return InventoryJson.graph(inventory);
    }

    @Override
    public Optional<String> host(String name) {
        return Optional.ofNullable(inventory.hosts().get(name)).map(InventoryJson::host);
    }

    @Override
    public List<String> hostNames() {
        return List.copyOf(inventory.hosts().keySet());
    }
}
