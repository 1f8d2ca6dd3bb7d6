package deployer.core.model;

import java.util.List;
import java.util.Objects;

/** A plan: stages run one after another. {@code source} names the file it came from, or the generator. */
public record Tasklist(String name, List<Stage> stages, String source) {

    public Tasklist {
        Objects.requireNonNull(name, "name");
        stages = List.copyOf(stages);
        source = source == null ? "<generated>" : source;
    }

    public Tasklist(String name, List<Stage> stages) {
        this(name, stages, null);
    }
}
