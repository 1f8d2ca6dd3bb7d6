package deployer.generators.tarball;

import deployer.core.config.ConfigLoader;
import deployer.core.model.Stage;
import deployer.core.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Hooks as planned stages: one per hook, in order, top-level before each service's, with the facts as env values. */
class HookStagesTest {

    @TempDir
    Path root;

    private TarballConfig config() throws Exception {
        Path f = root.resolve("c.yaml");
        Files.writeString(f, """
                platform: tarball
                hostgroup:
                  g: [local:h1, local:h2]
                  k: [local:h3]
                hooks:
                  before_deploy:
                    - {run: 'echo top', on: local, timeout: 20}
                  on_failure:
                    - {run: 'echo rescue', on: hosts}
                service:
                  a:
                    hostgroups: [g]
                    install_location: /srv
                    hooks:
                      before_deploy:
                        - {run: 'echo a1', on: hosts}
                  b:
                    hostgroups: [k]
                    install_location: /srv
                """);
        return TarballConfig.read(ConfigLoader.load(f));
    }

    private static RunFacts facts(TarballConfig c) {
        ServiceSpec a = c.services().get("a");
        ServiceSpec b = c.services().get("b");
        return new RunFacts("deploy", "", List.of(
                new RunFacts.ServiceRun(a, "2.0", List.of(new RunFacts.HostRun(a.hosts().get(0), "1.0"), new RunFacts.HostRun(a.hosts().get(1), null))),
                new RunFacts.ServiceRun(b, "7", List.of(new RunFacts.HostRun(b.hosts().get(0), "6")))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> env(Task t) {
        return (Map<String, Object>) t.arguments().get("env");
    }

    @Test
    void topLevelHooksComeFirstAndSeeTheWholeRunAServicesHooksSeeItsPart() throws Exception {
        TarballConfig c = config();
        Stages stages = new Stages(c.settings());
        HookStages hooks = ReleasePlan.hooks(c);
        hooks.plan(stages, "before_deploy", facts(c));
        List<Stage> all = stages.all();
        assertThat(all).extracting(Stage::name).containsExactly("Hook before_deploy 1/1 (local)", "Hook before_deploy of a 1/1 (on hosts)");

        Task top = all.get(0).items().get(0).links().get(0);
        assertThat(top.command()).isEqualTo("run_hook");
        assertThat(top.remoteHost()).isNull();
        assertThat(top.arguments()).containsEntry("shell", "echo top").containsEntry("timeout", 20L);
        assertThat(env(top)).containsEntry("DEPLOY_SERVICE", "a b").containsEntry("DEPLOY_VERSION", "2.0 7")
                .containsEntry("DEPLOY_PREVIOUS_VERSION", "1.0 6").containsEntry("DEPLOY_HOSTS", "local:h1 local:h2 local:h3")
                .doesNotContainKey("DEPLOY_HOST");

        List<Task> perHost = all.get(1).items().stream().map(i -> i.links().get(0)).toList();
        assertThat(perHost).extracting(Task::remoteHost).containsExactly("local:h1", "local:h2");
        assertThat(perHost).extracting(Task::tag).containsOnly("a");
        assertThat(env(perHost.get(0))).containsEntry("DEPLOY_HOST", "local:h1").containsEntry("DEPLOY_SERVICE", "a")
                .containsEntry("DEPLOY_VERSION", "2.0").containsEntry("DEPLOY_PREVIOUS_VERSION", "1.0").containsEntry("DEPLOY_HOSTS", "local:h1 local:h2");
        assertThat(env(perHost.get(1))).containsEntry("DEPLOY_PREVIOUS_VERSION", "");
    }

    @Test
    void onFailureHooksAreWhenFailedStagesOnEveryTargetHost() throws Exception {
        TarballConfig c = config();
        Stages stages = new Stages(c.settings());
        ReleasePlan.hooks(c).plan(stages, "on_failure", facts(c));
        Stage s = stages.all().get(0);
        assertThat(s.whenFailed()).isTrue();
        assertThat(s.always()).isTrue();
        assertThat(s.items()).extracting(i -> i.links().get(0).remoteHost()).containsExactly("local:h1", "local:h2", "local:h3");
        assertThat(stages.all()).hasSize(1);
    }
}
