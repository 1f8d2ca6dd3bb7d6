package deployer.core.exec.policy;

import java.util.HashSet;
import java.util.Set;

/**
 * The failures one rollout may absorb under {@code on_failure: continue}, counted in failed hosts over all of its
 * batch stages. As in Ansible, the budget is exceeded when the failed hosts are more than {@code max_failures},
 * or more than {@code max_fail_percentage} percent of the rollout's hosts; without either, any failure exceeds
 * it. Thread-safe: tasks of a batch finish on several threads.
 */
public final class RolloutBudget {

    private final String rollout;
    private final int hosts;
    private final Integer maxFailures;
    private final Integer maxFailPercentage;
    private final Set<String> failedHosts = new HashSet<>();

    /** @param hosts the distinct hosts of the whole rollout (all of its batch stages) */
    public RolloutBudget(String rollout, int hosts, Integer maxFailures, Integer maxFailPercentage) {
        this.rollout = rollout;
        this.hosts = hosts;
        this.maxFailures = maxFailures;
        this.maxFailPercentage = maxFailPercentage;
    }

    /** Counts a failed host (once however many of its tasks fail) and tells whether the budget still holds. */
    public synchronized boolean recordFailureAndCheck(String host) {
        failedHosts.add(host);
        return holds();
    }

    public synchronized boolean holds() {
        int failed = failedHosts.size();
        if (failed == 0) {
            return true;
        }
        if (maxFailures == null && maxFailPercentage == null) {
            return false;
        }
        boolean underCount = maxFailures == null || failed <= maxFailures;
        boolean underPercentage = maxFailPercentage == null || failed * 100L <= (long) maxFailPercentage * hosts;
        return underCount && underPercentage;
    }

    public synchronized String describe() {
        return "rollout '" + rollout + "': " + failedHosts.size() + " of " + hosts + " hosts failed"
                + (maxFailures == null ? "" : ", max_failures " + maxFailures)
                + (maxFailPercentage == null ? "" : ", max_fail_percentage " + maxFailPercentage + " %");
    }
}
