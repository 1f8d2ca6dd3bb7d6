package deployer.core.exec.policy;

import java.time.Duration;

/**
 * What a task may cost and how often it may be tried: the tasklist's {@code timeout}, {@code retries},
 * {@code retry_delay} and {@code idempotent} keys. Retries apply only to idempotent work (the command declares
 * itself so, or the task says {@code idempotent: true}): running a half-done migration twice is worse than
 * stopping.
 *
 * @param timeout    null for the command's own limits
 * @param retries    further attempts after the first failure, 0 for none
 * @param retryDelay the wait before the first retry; it doubles for each later one, up to {@link #MAX_DELAY}
 * @param idempotent the task's own word that running it again is safe, or null to ask the command
 */
public record TaskPolicy(Duration timeout, int retries, Duration retryDelay, Boolean idempotent) {

    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);
    public static final Duration MAX_DELAY = Duration.ofMinutes(5);
    public static final TaskPolicy DEFAULT = new TaskPolicy(null, 0, DEFAULT_RETRY_DELAY, null);

    public TaskPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be at least 0, got " + retries);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        retryDelay = retryDelay == null ? DEFAULT_RETRY_DELAY : retryDelay;
    }

    /** The wait before attempt {@code attempt} (2 = the first retry): exponential backoff, capped. */
    public Duration delayBefore(int attempt) {
        if (attempt < 2) {
            return Duration.ZERO;
        }
        int doublings = Math.min(attempt - 2, 20);
        Duration d = retryDelay.multipliedBy(1L << doublings);
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }

    /** Whether the task may run again: the task's own word wins over the command's declaration. */
    public boolean idempotent(boolean commandDeclaresIdempotent) {
        return idempotent != null ? idempotent : commandDeclaresIdempotent;
    }
}
