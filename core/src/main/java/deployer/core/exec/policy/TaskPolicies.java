package deployer.core.exec.policy;

import deployer.core.model.Task;
import deployer.core.model.TasklistFormat;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a task's failure policy from its engine keys ({@code timeout}, {@code retries}, {@code retry_delay},
 * {@code idempotent}), reporting every wrong type, out-of-range value and unsafe combination. Retries need
 * idempotent work: a task whose command does not declare itself idempotent may only be retried when the task says
 * {@code "idempotent": true} — the author's word that running it twice is safe.
 */
public final class TaskPolicies {

    /** A week: longer is a typo, not a deploy step. */
    public static final long MAX_TIMEOUT_SECONDS = ((TasklistFormat.Seconds) TasklistFormat.TIMEOUT.type()).max();
    public static final long MAX_RETRIES = ((TasklistFormat.Whole) TasklistFormat.RETRIES.type()).max();
    public static final long MAX_RETRY_DELAY_SECONDS = ((TasklistFormat.Seconds) TasklistFormat.RETRY_DELAY.type()).max();

    private TaskPolicies() {
    }

    /**
     * @param commandIdempotent what the task's command declares
     * @param problem           receives each problem, worded to follow the task's location
     * @return the policy, with defaults where a value was missing or wrong
     */
    public static TaskPolicy read(Task task, String commandName, boolean commandIdempotent, Consumer<String> problem) {
        Map<String, Object> args = task.arguments();
        Boolean idempotent = null;
        Object own = args.get("idempotent");
        if (own instanceof Boolean b) {
            idempotent = b;
        } else if (own != null) {
            problem.accept("'idempotent': expected true or false, got " + shown(own));
        }
        Duration timeout = seconds(args, "timeout", false, MAX_TIMEOUT_SECONDS, problem);
        Duration delay = seconds(args, "retry_delay", true, MAX_RETRY_DELAY_SECONDS, problem);
        int retries = 0;
        Object r = args.get("retries");
        if (r != null) {
            if (r instanceof Long l && l >= 0 && l <= MAX_RETRIES) {
                retries = l.intValue();
            } else {
                problem.accept("'retries': expected a whole number from 0 to " + MAX_RETRIES + ", got " + shown(r));
            }
        }
        if (delay != null && r == null) {
            problem.accept("'retry_delay' has no effect without 'retries'; add \"retries\": N or remove it");
        }
        if (retries > 0) {
            if (Boolean.FALSE.equals(idempotent)) {
                problem.accept("'retries' needs idempotent work, and this task says \"idempotent\": false");
            } else if (idempotent == null && !commandIdempotent) {
                problem.accept("'retries' needs idempotent work: '" + commandName + "' does not declare itself idempotent"
                        + " (running it again after a partial run may do harm); if running this task twice is safe, add"
                        + " \"idempotent\": true to it");
            }
        }
        return new TaskPolicy(timeout, retries, delay, idempotent);
    }

    /** The policy a task's keys describe, without checks (for tasks built in code and already validated). */
    public static TaskPolicy lenient(Task task) {
        return read(task, task.command(), false, p -> { });
    }

    private static Duration seconds(Map<String, Object> args, String key, boolean zeroAllowed, long max, Consumer<String> problem) {
        Object v = args.get(key);
        if (v == null) {
            return null;
        }
        double s = v instanceof Long l ? l : v instanceof Double d ? d : Double.NaN;
        if (Double.isNaN(s) || s < 0 || (s == 0 && !zeroAllowed) || s > max) {
            problem.accept("'" + key + "': expected a number of seconds " + (zeroAllowed ? "from 0" : "greater than 0")
                    + " up to " + max + ", got " + shown(v));
            return null;
        }
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    private static String shown(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }
}
