package deployer.core.model;

import java.util.List;
import java.util.Objects;

/**
 * Tasks run concurrently under two limits at once: {@code concurrency} in all and
 * {@code concurrencyPerHost} on any one host (0 when the stage sets none: then only the global limit applies).
 *
 * @param always a finishing stage (tasklist key {@code "always": true}): it runs even after an earlier stage failed
 *               or the run was stopped or aborted, like a {@code finally} block — e.g. releasing the run's locks
 * @param policy what a failure means here: {@code on_failure}, {@code max_failures}, {@code max_fail_percentage},
 *               {@code rollout}
 */
public record Stage(String name, int concurrency, int concurrencyPerHost, List<StageItem> items, SourceLocation location,
                    boolean always, StagePolicy policy) {

    public Stage {
        Objects.requireNonNull(name, "name");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        if (concurrencyPerHost < 0) {
            throw new IllegalArgumentException("concurrency_per_host must be at least 1, got " + concurrencyPerHost);
        }
        items = List.copyOf(items);
        location = location == null ? SourceLocation.UNKNOWN : location;
        policy = policy == null ? StagePolicy.DEFAULT : policy;
    }

    public Stage(String name, int concurrency, int concurrencyPerHost, List<StageItem> items, SourceLocation location,
                 boolean always) {
        this(name, concurrency, concurrencyPerHost, items, location, always, StagePolicy.DEFAULT);
    }

    public Stage(String name, int concurrency, int concurrencyPerHost, List<StageItem> items, SourceLocation location) {
        this(name, concurrency, concurrencyPerHost, items, location, false);
    }

    public Stage(String name, int concurrency, int concurrencyPerHost, List<StageItem> items) {
        this(name, concurrency, concurrencyPerHost, items, SourceLocation.UNKNOWN, false);
    }

    /** This stage as a finishing stage (see {@link #always()}). */
    public Stage asAlways() {
        return new Stage(name, concurrency, concurrencyPerHost, items, location, true, policy);
    }

    /** This stage with another failure policy. */
    public Stage withPolicy(StagePolicy newPolicy) {
        return new Stage(name, concurrency, concurrencyPerHost, items, location, always, newPolicy);
    }

    /** The same stage (name, limits, flags, location) with other tasks. */
    public Stage withItems(List<StageItem> newItems) {
        return new Stage(name, concurrency, concurrencyPerHost, newItems, location, always, policy);
    }

    /** The per-host limit in effect: the stage's own, else the global one. */
    public int effectivePerHostLimit() {
        return concurrencyPerHost > 0 ? Math.min(concurrencyPerHost, concurrency) : concurrency;
    }

    public boolean hasPerHostLimit() {
        return concurrencyPerHost > 0;
    }
}
