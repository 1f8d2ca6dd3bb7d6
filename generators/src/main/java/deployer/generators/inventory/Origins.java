package deployer.generators.inventory;

import deployer.core.json.Node;

/** Where a value of a YAML or JSON source was written, as {@code file:line} (the column says little here). */
final class Origins {

    private Origins() {
    }

    static String of(Node n) {
        return n.location().line() > 0 ? n.location().file() + ":" + n.location().line() : n.location().file();
    }
}
