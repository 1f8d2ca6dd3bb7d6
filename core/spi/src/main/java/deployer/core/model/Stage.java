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
 * @param whenFailed a finishing stage that runs only when the run has failed, been stopped or aborted (tasklist key
 *               {@code "when": "failed"}, which implies {@code always}), like a {@code catch} block — e.g. the
 *               {@code on_failure} hooks; on a run that went well it is skipped (its tasks SKIPPED)
 */
public record Stage(String name, int concurrency, int concurrencyPerHost, List<StageItem> items, SourceLocation location,
                    boolean always, StagePolicy policy, boolean whenFailed) {

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
        if (whenFailed && !always) {
            throw new IllegalArgumentException("a stage that runs only when the run failed is a finishing (always) stage");
        }
    }

    public Stage(String name, int concurrency, int concurrencyPerHost, List<StageItem> items, SourceLocation location,
                 boolean always, StagePolicy policy) {
        this(name, concurrency, concurrencyPerHost, items, location, always, policy, false);
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
        return new Stage(name, concurrency, concurrencyPerHost, items, location, true, policy, whenFailed);
    }

    /** This stage as one that runs only when the run failed, was stopped or aborted (see {@link #whenFailed()}). */
    public Stage asWhenFailed() {
        return new Stage(name, concurrency, concurrencyPerHost, items, location, true, policy, true);
    }

    /** This stage with another failure policy. */
    public Stage withPolicy(StagePolicy newPolicy) {
        return new Stage(name, concurrency, concurrencyPerHost, items, location, always, newPolicy, whenFailed);
    }

    /** The same stage (name, limits, flags, location) with other tasks. */
    public Stage withItems(List<StageItem> newItems) {
        return new Stage(name, concurrency, concurrencyPerHost, newItems, location, always, policy, whenFailed);
    }

    /** The per-host limit in effect: the stage's own, else the global one. */
    public int effectivePerHostLimit() {
        return concurrencyPerHost > 0 ? Math.min(concurrencyPerHost, concurrency) : concurrency;
    }

    public boolean hasPerHostLimit() {
        return concurrencyPerHost > 0;
    }
}
