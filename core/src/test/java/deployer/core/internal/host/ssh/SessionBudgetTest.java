package deployer.core.internal.host.ssh;

import deployer.core.model.Chain;
import deployer.core.model.Stage;
import deployer.core.model.StageItem;
import deployer.core.model.Task;
import deployer.core.model.Tasklist;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The warning for stages that allow more commands per host than one SSH connection carries. */
class SessionBudgetTest {

    private static Stage stage(String name, int concurrency, int perHost, String... hosts) {
        List<StageItem> items = java.util.Arrays.stream(hosts)
                .map(h -> StageItem.of(Task.builder("execute_command").host(h).arg("shell", "true").build()))
                .toList();
        return new Stage(name, concurrency, perHost, items);
    }

    private static String[] times(int n, String host) {
        return Collections.nCopies(n, host).toArray(String[]::new);
    }

    @Test
    void warnsOncePerStageWhosePerHostLimitExceedsMaxSessionsMinusOne() {
        Tasklist plan = new Tasklist("plan", List.of(
                stage("Upload", 20, 10, times(10, "be001")),
                stage("Restart", 20, 9, times(10, "be001")),
                stage("Notify", 12, 0, times(12, "be001"))));

        List<String> warnings = new SessionBudget(10).warn(plan);

        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("Stage 1 'Upload'", "10 tasks at once per host", "at most 9", "ssh.max_sessions 10");
        assertThat(warnings.get(1)).contains("Stage 3 'Notify'", "12 tasks at once per host");
    }

    @Test
    void aStageThatGivesNoHostMoreTasksThanTheBudgetIsNotWarnedAboutWhateverItsLimit() {
        // The tarball platform's upload: one task per host, limit 10 (non_deploy_concurrency) on ssh.max_sessions 10.
        Tasklist plan = new Tasklist("plan", List.of(
                stage("Upload packages", 10, 0, "be001", "be002", "be003", "be004"),
                stage("Nine on one host", 20, 0, times(9, "be001"))));

        assertThat(new SessionBudget(10).warn(plan)).isEmpty();
    }

    @Test
    void aChainHoldsOneSessionAtATimeOnEachHostItTouches() {
        Task step = Task.builder("execute_command").host("be001").arg("shell", "true").build();
        Task other = Task.builder("execute_command").host("be002").arg("shell", "true").build();
        List<StageItem> chains = Collections.nCopies(10, new Chain(List.of(step, step, other)));

        assertThat(new SessionBudget(10).warn(new Tasklist("plan", List.of(new Stage("Chains", 20, 0, chains)))))
                .singleElement().asString().contains("Stage 1 'Chains'", "20 tasks at once per host");
        assertThat(new SessionBudget(11).warn(new Tasklist("plan", List.of(new Stage("Chains", 20, 0, chains))))).isEmpty();
    }

    @Test
    void stagesWithOnlyLocalHostsNeedNoSessions() {
        Tasklist plan = new Tasklist("plan", List.of(stage("Local", 50, 50, "local", "local:web1")));

        assertThat(new SessionBudget(10).warn(plan)).isEmpty();
    }

    @Test
    void aLargerServerBudgetAllowsMore() {
        Tasklist plan = new Tasklist("plan", List.of(stage("Upload", 20, 15, times(15, "be001"))));

        assertThat(new SessionBudget(16).warn(plan)).isEmpty();
        assertThat(new SessionBudget(15).warn(plan)).hasSize(1);
    }
}
