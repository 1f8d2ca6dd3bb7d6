package deployer.core.model;

/**
 * A stage's failure policy: {@code on_failure}, and the failure budget of its rollout ({@code max_failures},
 * {@code max_fail_percentage}), counted over every batch stage that names the same {@code rollout}, never per
 * batch: ten batches of two hosts with "at most 10 %" must not tolerate one failure per batch.
 *
 * @param rollout the rollout this stage is a batch of (e.g. "deploy demo-web"), or null: the stage is its own
 */
public record StagePolicy(OnFailure onFailure, Integer maxFailures, Integer maxFailPercentage, String rollout) {

    public static final StagePolicy DEFAULT = new StagePolicy(OnFailure.STOP, null, null, null);

    public StagePolicy {
        onFailure = onFailure == null ? OnFailure.STOP : onFailure;
        if (maxFailures != null && maxFailures < 0) {
            throw new IllegalArgumentException("max_failures must be at least 0, got " + maxFailures);
        }
        if (maxFailPercentage != null && (maxFailPercentage < 0 || maxFailPercentage > 100)) {
            throw new IllegalArgumentException("max_fail_percentage must be 0 to 100, got " + maxFailPercentage);
        }
    }
}
