package deployer.core.model;

import java.util.Objects;

/** A host the generator left out of the plan, and why (already at the version, nothing to roll back): reports name it. */
public record SkippedHost(String host, String service, String why) {

    public SkippedHost {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(why, "why");
    }
}
