package deployer.generators.tarball;

import deployer.core.model.OnFailure;
import deployer.core.model.Stage;
import deployer.core.model.StagePolicy;
import deployer.core.model.SkippedHost;
import deployer.core.model.Tasklist;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole plans for representative configs, compared with reviewed golden tasklists. Each test also checks the one
 * property its golden file is about, so a careless {@code -Dgolden.update=true} cannot bless a wrong plan.
 */
class TarballGoldenTest {

    static final String WEB = "web_1a2b3c4-20240501120000.tar.gz";
    static final String API = "api_5d6e7f8-20240501120500.tgz";
    static final String WORKER = "worker_9a8b7c6-20240501121000.tar";

    @TempDir
    Path root;
    TarballFixture fx;

    @BeforeEach
    void setUp() {
        fx = new TarballFixture(root);
    }

    @Test
    void freshFleetGetsTheWholePipelineInDeploymentOrderAndBatches() throws Exception {
        fx.pkg(WEB);
        fx.pkg(API);
        fx.pkg(WORKER);
        Tasklist t = fx.generate(fx.config("fleet"));
        fx.assertGolden(t, "fleet-fresh");
        assertThat(stageNames(t)).containsExactly(
                "Take deploy locks", "Graphite: deploy started", "Upload packages", "Unpack packages", "Database migrations",
                "Deploy api, worker (batch 1 of 2)", "Deploy api, worker (batch 2 of 2)",
                "Deploy web (batch 1 of 2)", "Deploy web (batch 2 of 2)",
                "Graphite: deploy finished", "Clean up old releases", "Remove temporary files", "Release deploy locks");
        // Locks: one at a time, in one order for every run; released in a finishing stage (after this run's
        // temporary files, removed in one too); every lock released.
        Stage take = t.stages().get(0);
        Stage release = t.stages().get(t.stages().size() - 1);
        assertThat(take.concurrency()).isEqualTo(1);
        assertThat(take.always()).isFalse();
        assertThat(release.always()).isTrue();
        assertThat(t.stages().stream().filter(Stage::always).map(Stage::name)).containsExactly("Remove temporary files", "Release deploy locks");
        List<String> taken = take.items().stream().map(i -> i.links().get(0).host().key() + " " + i.links().get(0).arguments().get("path")).toList();
        assertThat(taken).isSorted().doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(release.items().stream().map(i -> i.links().get(0).host().key() + " " + i.links().get(0).arguments().get("path")).toList())
                .contains("local:web1 $ROOT/hosts/web1/srv/.deploy-lock.web".replace("$ROOT", root.toString()));
        // Without max_fail_percentage a deploy stops at its first failure; its batches are still marked as one rollout.
        assertThat(t.stages().get(5).policy()).isEqualTo(new StagePolicy(OnFailure.STOP, null, null, "deploy api, worker"));
        assertThat(t.stages().get(8).policy()).isEqualTo(new StagePolicy(OnFailure.STOP, null, null, "deploy web"));
        // Health checks only read: retried twice; nothing that changes a host is.
        assertThat(t.stages().stream().flatMap(s -> s.items().stream()).flatMap(i -> i.links().stream()))
                .allSatisfy(task -> assertThat(task.arguments().containsKey("retries")).as(task.command())
                        .isEqualTo(task.command().equals("health_check")))
                .anySatisfy(task -> assertThat(task.arguments()).containsEntry("retries", 2L).containsEntry("retry_delay", 5L));
        // Every temporary path carries the executing run's id.
        assertThat(fx.json(t)).contains("/.deployer-tmp/web_1a2b3c4-20240501120000.{run_id}\"");
    }

    @Test
    void noLockLeavesOutTheLockStagesAndLockWaitIsPassedOn() throws Exception {
        fx.pkg(WEB);
        Tasklist none = fx.generate(fx.config("fleet", Map.of("no_lock", true)));
        assertThat(fx.json(none)).doesNotContain("_lock", "deploy locks").contains("Remove temporary files");
        Tasklist waiting = fx.generate(fx.config("fleet", Map.of("lock_wait", 30L, "lock_ttl", 90L)));
        assertThat(waiting.stages().get(0).items()).allSatisfy(i -> assertThat(i.links().get(0).arguments())
                .containsEntry("wait", 30L).containsEntry("ttl", 90L));
    }

    @Test
    void hostsAlreadyAtTheVersionAreSkipped() throws Exception {
        fx.pkg(WEB);
        fx.pkg(API);
        fx.installed("hosts/web1/srv", "web", "1a2b3c4-20240501120000", "0aaaaaa-20240401000000", "1a2b3c4-20240501120000");
        fx.installed("hosts/web2/srv", "web", "0aaaaaa-20240401000000", "0aaaaaa-20240401000000");
        fx.installed("hosts/api1/apps", "api", "5d6e7f8-20240501120500", "5d6e7f8-20240501120500");
        fx.installed("hosts/api2/apps", "api", "5d6e7f8-20240501120500", "5d6e7f8-20240501120500");
        Tasklist t = fx.generate(fx.config("fleet"));
        fx.assertGolden(t, "fleet-skip");
        String json = fx.stagesJson(t);
        assertThat(json).doesNotContain("local:web1").doesNotContain("local:api");
        // web1 is up to date and stays up, so web2 and web3 (min_nodes_up 1 of 3) go down together.
        assertThat(stageNames(t)).contains("Deploy web (batch 1 of 1)");
    }

    @Test
    void redeployIgnoresInstalledVersions() throws Exception {
        fx.pkg(API);
        fx.installed("hosts/api1/apps", "api", "5d6e7f8-20240501120500", "5d6e7f8-20240501120500");
        fx.installed("hosts/api2/apps", "api", "5d6e7f8-20240501120500", "5d6e7f8-20240501120500");
        Tasklist skipped = fx.generate(fx.config("fleet"));
        assertThat(skipped.stages()).isEmpty();
        Tasklist t = fx.generate(fx.config("fleet", Map.of("redeploy", true)));
        fx.assertGolden(t, "fleet-redeploy");
        assertThat(fx.json(t)).contains("local:api1").contains("local:api2");
    }

    @Test
    void hostsFilterKeepsOnlyTheNamedHosts() throws Exception {
        fx.pkg(WEB);
        fx.pkg(API);
        Tasklist t = fx.generate(fx.config("fleet", Map.of("target_hosts", List.of("local:web3", "api2"))));
        fx.assertGolden(t, "fleet-hosts-filter");
        assertThat(fx.json(t)).contains("local:web3", "local:api2").doesNotContain("local:web1", "local:web2", "local:api1");
    }

    @Test
    void hostgroupsFilterKeepsOnlyTheGroupsHosts() throws Exception {
        fx.pkg(WEB);
        fx.pkg(API);
        Tasklist t = fx.generate(fx.config("fleet", Map.of("target_hostgroups", List.of("web"))));
        fx.assertGolden(t, "fleet-hostgroups-filter");
        assertThat(fx.json(t)).contains("local:web1").doesNotContain("local:api");
    }

    @Test
    void categoriesFilterKeepsOnlyServicesOfTheCategory() throws Exception {
        fx.pkg(WEB);
        fx.pkg(API);
        fx.pkg(WORKER);
        Tasklist t = fx.generate(fx.config("fleet", Map.of("target_categories", List.of("backend"))));
        fx.assertGolden(t, "fleet-categories-filter");
        assertThat(t.stages()).flatExtracting(s -> s.items()).flatExtracting(i -> i.links())
                .extracting(task -> task.tag()).doesNotContain("web").contains("api", "worker");
    }

    @Test
    void ignoreLbLeavesOutTheLoadBalancerSteps() throws Exception {
        fx.pkg(WEB);
        Tasklist t = fx.generate(fx.config("fleet", Map.of("ignore_lb", true, "target_hosts", List.of("local:web1"))));
        fx.assertGolden(t, "fleet-ignore-lb");
        assertThat(fx.json(t)).doesNotContain("loadbalancer").contains("stop_service", "health_check");
    }

    @Test
    void defaultsMixinsFillServicesAndExplicitValuesWin() throws Exception {
        fx.pkg("orders_abc1234-20240601000000.tar.gz");
        fx.pkg("billing_def5678-20240601000000.tar.gz");
        Tasklist t = fx.generate(fx.config("mixins"));
        fx.assertGolden(t, "mixins");
        String json = fx.json(t);
        assertThat(json).contains("\"control_command\": \"systemctl start billing@{port}\"", "\"port\": 7100", "\"port\": 7000");
        // backend_defaults' min_nodes_up 2 of 4 hosts: two batches of two per service.
        assertThat(stageNames(t)).contains("Deploy orders (batch 2 of 2)", "Deploy billing (batch 2 of 2)");
        // max_fail_percentage from backend_defaults (billing its own): every batch of a deploy is one rollout under
        // one budget, and its failed hosts drop out while the others go on.
        assertThat(t.stages().stream().filter(s -> s.name().startsWith("Deploy ")).map(s -> s.name() + " " + s.policy())).containsExactly(
                "Deploy orders (batch 1 of 2) " + new StagePolicy(OnFailure.CONTINUE, null, 25, "deploy orders"),
                "Deploy orders (batch 2 of 2) " + new StagePolicy(OnFailure.CONTINUE, null, 25, "deploy orders"),
                "Deploy billing (batch 1 of 2) " + new StagePolicy(OnFailure.CONTINUE, null, 50, "deploy billing"),
                "Deploy billing (batch 2 of 2) " + new StagePolicy(OnFailure.CONTINUE, null, 50, "deploy billing"));
        assertThat(t.stages().stream().filter(s -> !s.name().startsWith("Deploy ")).map(Stage::policy)).containsOnly(StagePolicy.DEFAULT);
    }

    @Test
    void sshHostsGetDnsSuffixUsersAndStageLimits() throws Exception {
        fx.pkg("frontend_0123abc-20240701000000.tar.gz");
        Tasklist t = fx.generate(fx.config("ssh"), TarballFixture.sshNamesRunLocally());
        fx.assertGolden(t, "ssh");
        assertThat(fx.json(t)).contains("\"remote_host\": \"fe001.example.com\"", "\"remote_host\": \"fe002.dc1.example.com\"",
                "\"remote_host\": \"10.0.0.5:2222\"", "\"remote_user\": \"www\"");
    }

    @Test
    void rollbackWalksEachHostsHistoryBackNeverForward() throws Exception {
        for (String h : List.of("web1", "web2", "web3")) {
            fx.installed("hosts/" + h + "/srv", "web", "v3", "v1", "v2", "v3");
        }
        // web1: v1, v2, v3 deployed: back to v2.
        fx.history("hosts/web1/srv", "web", "deploy - v1", "deploy v1 v2", "deploy v2 v3");
        // web2 was released before histories were kept: the newest release older than the current one.
        // web3 was rolled back once already (v3 -> v2): the next rollback goes on to v1, not forward to v3.
        java.nio.file.Files.delete(root.resolve("hosts/web3/srv/web"));
        java.nio.file.Files.createSymbolicLink(root.resolve("hosts/web3/srv/web"), root.resolve("hosts/web3/srv/web_v2"));
        fx.history("hosts/web3/srv", "web", "deploy - v1", "deploy v1 v2", "deploy v2 v3", "rollback v3 v2");
        Tasklist t = fx.generate(fx.config("fleet", Map.of("rollback", "web")));
        fx.assertGolden(t, "fleet-rollback");
        assertThat(t.skippedHosts()).containsExactly(new SkippedHost("local:web3", "web",
                "nothing to roll back (at web_v2, older than web_v3 that the others roll back from)"));
        String json = fx.stagesJson(t);
        // web3 (at v2, older than the v3 the others roll back from) has nothing to roll back: left alone.
        assertThat(json).contains("\"source\": \"$ROOT/hosts/web1/srv/web_v2\"", "\"source\": \"$ROOT/hosts/web2/srv/web_v2\"",
                        "\"history_action\": \"rollback\"")
                .doesNotContain("web_v3\"", "upload", "cleanup", "move_file", "local:web3");
        // Rolled back on its own, web3 goes on to v1.
        String web3 = fx.json(fx.generate(fx.config("fleet", Map.of("rollback", "web", "target_hosts", List.of("local:web3")))));
        assertThat(web3).contains("\"source\": \"$ROOT/hosts/web3/srv/web_v1\"", "\"history_file\": \"$ROOT/hosts/web3/srv/.web.history\"")
                .doesNotContain("web_v3\"");
    }

    @Test
    void rollbackToANamedReleaseLeavesHostsAlreadyThereAlone() throws Exception {
        fx.installed("hosts/web1/srv", "web", "v3", "v1", "v2", "v3");
        fx.installed("hosts/web2/srv", "web", "v1", "v1", "v2", "v3");
        fx.installed("hosts/web3/srv", "web", "v2", "v1", "v2");
        Tasklist t = fx.generate(fx.config("fleet", Map.of("rollback", "web", "rollback_to", "v1")));
        assertThat(t.skippedHosts()).containsExactly(new SkippedHost("local:web2", "web", "already at v1"));
        String json = fx.stagesJson(t);
        assertThat(json).contains("\"source\": \"$ROOT/hosts/web1/srv/web_v1\"", "\"source\": \"$ROOT/hosts/web3/srv/web_v1\"")
                .doesNotContain("local:web2");
    }

    static List<String> stageNames(Tasklist t) {
        return t.stages().stream().map(s -> s.name()).toList();
    }

}
