package deployer.core.spi;

import java.util.Optional;

/** An inventory a generator resolved ({@link Generator#inventory}), printed the ways {@code deploy inventory} shows it. */
public interface InventoryView {

    /** As {@code ansible-inventory --list} prints it: groups with hosts and children, {@code _meta.hostvars}. */
    String list();

    /** As {@code ansible-inventory --graph} draws it. */
    String graph();

    /** The host's variables, each with where it was set (file:line where practical); empty for an unknown host. */
    Optional<String> host(String name);

    /** Every host, in inventory order, for the message about an unknown one. */
    java.util.List<String> hostNames();
}
