package deployer.core.model;

import java.util.List;

/** Tasks run one after another, in a stage whose other items run concurrently with the chain. */
public record Chain(List<Task> links) implements StageItem {

    public Chain {
        links = List.copyOf(links);
        if (links.isEmpty()) {
            throw new IllegalArgumentException("a chain needs at least one task");
        }
    }
}
