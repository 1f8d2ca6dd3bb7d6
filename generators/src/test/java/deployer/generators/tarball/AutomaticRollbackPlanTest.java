package deployer.generators.tarball;

import deployer.core.config.ConfigLoader;
import deployer.core.model.Stage;
import deployer.core.model.Task;
import deployer.core.model.Tasklist;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code on_failure: rollback}: after the deploy's batches come finishing stages ({@code when: failed}) that undo
 * them in reverse batch order, each host's chain guarded by a {@code rollback_check} that decides on the host, at
 * run time, whether this run switched it; then one summary task. {@code on_failure: stop} (the default) plans
 * exactly what a config without the key plans.
 */
class AutomaticRollbackPlanTest {

    static final String V1 = "1a2b3c4-20240501120000";
    static final String V2 = "2b3c4d5-20240601120000";

    @TempDir
    Path root;
    TarballFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new TarballFixture(root);
        fx.pkg("web_" + V2 + ".tar.gz");
        for (int i = 1; i <= 6; i++) {
            fx.installed("hosts/h" + i + "/apps", "web", V1, V1);
        }
    }

    private Tasklist plan(String top, String service) throws Exception {
        Path f = root.resolve("conf/c.yaml");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "platform: tarball\n"
                + top
                + "hostgroup:\n"
                + "  g: [local:h1, local:h2, local:h3, local:h4, local:h5, local:h6]\n"
                + "service:\n"
                + "  web:\n"
                + "    hostgroups: [g]\n"
                + "    install_location: " + root + "/hosts/{hostname}/apps\n"
                + "    stop_command: sv stop {servicename}\n"
                + "    start_command: sv start {servicename}\n"
                + "    health_check: \"true\"\n"
                + "    min_nodes_up: 3\n"
                + "    batches: [1, \"50%\", \"100%\"]\n"
                + service);
        return fx.generate(ConfigLoader.load(f));
    }

    private static List<String> names(Tasklist t) {
        return t.stages().stream().map(Stage::name).toList();
    }

    @Test
    void theBatchesAreUndoneInReverseOrderByFinishingStagesBeforeTheLocksAreReleased() throws Exception {
        Tasklist t = plan("", "    on_failure: rollback\n");
        List<String> names = names(t);
        assertThat(names).containsSubsequence("Deploy web (batch 1 of 3)", "Deploy web (batch 2 of 3)", "Deploy web (batch 3 of 3)",
                "Roll back web automatically (batch 3 of 3)", "Roll back web automatically (batch 2 of 3)",
                "Roll back web automatically (batch 1 of 3)", "Automatic rollback: what happened", "Release deploy locks");
        Stage last = stage(t, "Roll back web automatically (batch 3 of 3)");
        Stage second = stage(t, "Roll back web automatically (batch 2 of 3)");
        Stage first = stage(t, "Roll back web automatically (batch 1 of 3)");
        for (Stage s : List.of(last, second, first, stage(t, "Automatic rollback: what happened"))) {
            assertThat(s.whenFailed()).as(s.name()).isTrue();
        }
        assertThat(hosts(last)).containsExactly("local:h4", "local:h5", "local:h6");
        assertThat(hosts(second)).containsExactly("local:h2", "local:h3");
        assertThat(hosts(first)).containsExactly("local:h1");
        // Like the deploy's batches: the whole batch at once (it was sized to keep min_nodes_up up).
        assertThat(last.concurrency()).isEqualTo(3);
    }

    @Test
    void eachHostsChainIsTheRollbackChainGuardedByACheckOfWhatItsLinkPointsAt() throws Exception {
        Tasklist t = plan("", "    on_failure: rollback\n");
        List<Task> chain = stage(t, "Roll back web automatically (batch 2 of 3)").items().get(0).links();
        assertThat(chain).extracting(Task::command)
                .containsExactly("rollback_check", "stop_service", "symlink", "start_service", "health_check");
        assertThat(chain).allSatisfy(x -> assertThat(x.remoteHost()).isEqualTo("local:h2"));
        String apps = root + "/hosts/h2/apps";
        assertThat(chain.get(0).arguments())
                .containsEntry("link", apps + "/web")
                .containsEntry("release", apps + "/web_" + V2)
                .containsEntry("previous", apps + "/web_" + V1);
        assertThat(chain.get(2).arguments())
                .containsEntry("source", apps + "/web_" + V1)
                .containsEntry("destination", apps + "/web")
                .containsEntry("history_action", "rollback")
                .containsEntry("history_note", "automatic");
        assertThat(chain.get(3).arguments()).containsEntry("version", V1);
        Task summary = stage(t, "Automatic rollback: what happened").items().get(0).links().get(0);
        assertThat(summary.command()).isEqualTo("rollback_summary");
        assertThat(summary.remoteHost()).isNull();
    }

    @Test
    void onFailureStopIsTheDefaultAndPlansExactlyWhatAConfigWithoutTheKeyPlans() throws Exception {
        String without = fx.stagesJson(plan("", ""));
        assertThat(fx.stagesJson(plan("", "    on_failure: stop\n"))).isEqualTo(without);
        assertThat(fx.stagesJson(plan("on_failure: stop\n", ""))).isEqualTo(without);
        assertThat(without).doesNotContain("rollback_check", "rollback_summary", "automatically");
    }

    @Test
    void theTopLevelAndServiceDefaultsSetItForServicesWithoutTheirOwn() throws Exception {
        assertThat(names(plan("on_failure: rollback\n", ""))).contains("Roll back web automatically (batch 1 of 3)");
        assertThat(names(plan("service_defaults:\n  on_failure: rollback\n", ""))).contains("Roll back web automatically (batch 1 of 3)");
        assertThat(names(plan("on_failure: rollback\n", "    on_failure: stop\n"))).noneMatch(n -> n.contains("automatically"));
    }

    @Test
    void aHostWithoutAReleaseBeforeThisRunHasNothingToGoBackToAndIsLeftOut() throws Exception {
        Files.delete(root.resolve("hosts/h6/apps/web"));
        Tasklist t = plan("", "    on_failure: rollback\n");
        assertThat(hosts(stage(t, "Roll back web automatically (batch 3 of 3)"))).containsExactly("local:h4", "local:h5");
    }

    @Test
    void cleanupDoesNotCountAReleaseAnAutomaticRollbackLeft() throws Exception {
        String v0 = "0a1b2c3-20240401120000";
        String failed = "9f9f9f9-20240415120000";
        Path apps = root.resolve("hosts/h1/apps");
        for (String v : List.of(v0, failed)) {
            Files.createDirectories(apps.resolve("web_" + v));
        }
        Files.writeString(apps.resolve(".web.history"), String.join("", List.of(
                "2024-04-01T12:00:00Z\tdeploy\t-\t" + apps + "/web_" + v0 + "\tops@ci\n",
                "2024-04-15T12:00:00Z\tdeploy\t" + apps + "/web_" + v0 + "\t" + apps + "/web_" + failed + "\tops@ci\n",
                "2024-04-15T12:05:00Z\trollback (automatic, run r1)\t" + apps + "/web_" + failed + "\t" + apps + "/web_" + v0 + "\tops@ci\n",
                "2024-05-01T12:00:00Z\tdeploy\t" + apps + "/web_" + v0 + "\t" + apps + "/web_" + V1 + "\tops@ci\n")));
        Tasklist t = plan("", "");
        Stage cleanup = stage(t, "Clean up old releases");
        Task h1 = cleanup.items().stream().map(i -> i.links().get(0)).filter(x -> x.remoteHost().equals("local:h1")).findFirst().orElseThrow();
        assertThat(h1.arguments()).containsEntry("failed", List.of("web_" + failed)).containsEntry("protect", List.of("web_" + V1));
        Task h2 = cleanup.items().stream().map(i -> i.links().get(0)).filter(x -> x.remoteHost().equals("local:h2")).findFirst().orElseThrow();
        assertThat(h2.arguments()).doesNotContainKey("failed");
    }

    private static Stage stage(Tasklist t, String name) {
        return t.stages().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no stage " + name));
    }

    private static List<String> hosts(Stage s) {
        return s.items().stream().map(i -> i.links().get(0).remoteHost()).toList();
    }
}
