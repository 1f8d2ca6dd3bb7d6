package deployer.core.exec.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The failure budget at its boundaries: Ansible's "more than", counted in hosts, each host once. */
class RolloutBudgetTest {

    @Test
    void maxFailures0IsSpentByTheFirstFailedHost() {
        RolloutBudget budget = new RolloutBudget("r", 4, 0, null);
        assertThat(budget.holds()).isTrue();
        assertThat(budget.recordFailureAndCheck("a")).isFalse();
    }

    @Test
    void maxFailuresAllowsExactlyThatManyHosts() {
        RolloutBudget budget = new RolloutBudget("r", 4, 2, null);
        assertThat(budget.recordFailureAndCheck("a")).isTrue();
        assertThat(budget.recordFailureAndCheck("a")).as("a host counts once").isTrue();
        assertThat(budget.recordFailureAndCheck("b")).isTrue();
        assertThat(budget.recordFailureAndCheck("c")).isFalse();
        assertThat(budget.describe()).isEqualTo("rollout 'r': 3 of 4 hosts failed, max_failures 2");
    }

    @Test
    void maxFailPercentage100HoldsWhenEveryHostFailed() {
        RolloutBudget budget = new RolloutBudget("r", 3, null, 100);
        assertThat(budget.recordFailureAndCheck("a")).isTrue();
        assertThat(budget.recordFailureAndCheck("b")).isTrue();
        assertThat(budget.recordFailureAndCheck("c")).isTrue();
        assertThat(budget.describe()).isEqualTo("rollout 'r': 3 of 3 hosts failed, max_fail_percentage 100 %");
    }

    @Test
    void maxFailPercentageAllowsExactlyItsShareAndNotOneHostMore() {
        RolloutBudget budget = new RolloutBudget("r", 4, null, 50);
        assertThat(budget.recordFailureAndCheck("a")).isTrue();
        assertThat(budget.recordFailureAndCheck("b")).as("2 of 4 is 50 %").isTrue();
        assertThat(budget.recordFailureAndCheck("c")).isFalse();
    }

    @Test
    void maxFailPercentage0IsSpentByTheFirstFailedHost() {
        assertThat(new RolloutBudget("r", 100, null, 0).recordFailureAndCheck("a")).isFalse();
    }

    @Test
    void bothLimitsMustHoldAndWithoutEitherAnyFailureSpendsTheBudget() {
        RolloutBudget both = new RolloutBudget("r", 10, 1, 50);
        assertThat(both.recordFailureAndCheck("a")).isTrue();
        assertThat(both.recordFailureAndCheck("b")).as("within 50 % but over max_failures 1").isFalse();
        RolloutBudget none = new RolloutBudget("r", 10, null, null);
        assertThat(none.holds()).isTrue();
        assertThat(none.recordFailureAndCheck("a")).isFalse();
        assertThat(none.describe()).isEqualTo("rollout 'r': 1 of 10 hosts failed");
    }
}
