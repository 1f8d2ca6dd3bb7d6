package deployer.core.model;

import java.util.List;
import java.util.Objects;

/**
 * A plan: stages run one after another. {@code source} names the file it came from, or the generator;
 * {@code skippedHosts} the hosts the generator left out at planning, so that reports still show them.
 */
public record Tasklist(String name, List<Stage> stages, String source, List<SkippedHost> skippedHosts) {

    public Tasklist {
        Objects.requireNonNull(name, "name");
        stages = List.copyOf(stages);
        source = source == null ? "<generated>" : source;
        skippedHosts = skippedHosts == null ? List.of() : List.copyOf(skippedHosts);
    }

    /** The same plan with other stages (commands renamed, placeholders filled): its name, source and skipped hosts kept. */
    public Tasklist withStages(List<Stage> changed) {
        return new Tasklist(name, changed, source, skippedHosts);
    }

    public Tasklist(String name, List<Stage> stages, String source) {
        this(name, stages, source, List.of());
    }

    public Tasklist(String name, List<Stage> stages) {
        this(name, stages, null);
    }
}
