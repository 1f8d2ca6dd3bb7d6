package deployer.generators.tarball;

import deployer.core.config.ConfigLoader;
import deployer.core.model.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The deploy steps depends_on gives, for the services of one run (the end-to-end cases are in the tests module). */
class ServiceDependenciesTest {

    @TempDir
    Path dir;

    private TarballConfig config(String services, String extra) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "platform: tarball\nhostgroup:\n  g: [local:h1]\nservice:\n" + services + extra);
        return TarballConfig.read(ConfigLoader.load(f));
    }

    private static String service(String name, String dependsOn) {
        return "  " + name + ":\n    hostgroups: [g]\n    install_location: /srv\n"
                + (dependsOn == null ? "" : "    depends_on: " + dependsOn + "\n");
    }

    @Test
    void aDependencyNotDeployedInThisRunStillOrdersTheOthers() throws Exception {
        TarballConfig c = config(service("web", "[api]") + service("api", "[db]") + service("db", null) + service("cron", null), "");
        // api is up to date: web still comes a step after db, and cron (no dependencies) goes with db.
        assertThat(c.dependencies().steps(c.deploymentOrder(), Set.of("web", "db", "cron")))
                .containsExactly(List.of("db", "cron"), List.of("web"));
    }

    @Test
    void withoutAnyDependencyServicesGoOneByOneInConfigOrderAsBefore() throws Exception {
        TarballConfig c = config(service("b", null) + service("a", null), "");
        assertThat(c.dependencies().steps(c.deploymentOrder(), Set.of("a", "b"))).containsExactly(List.of("b"), List.of("a"));
    }

    @Test
    void servicesADeploymentOrderLeavesOutFollowItOneByOneDependenciesFirst() throws Exception {
        TarballConfig c = config(service("web", "[api]") + service("api", null) + service("db", null), "deployment_order: [db]\n");
        assertThat(c.dependencies().steps(c.deploymentOrder(), Set.of("web", "api", "db")))
                .containsExactly(List.of("db"), List.of("api"), List.of("web"));
    }

    @Test
    void aServiceDependingOnItselfIsACycle() {
        assertThatThrownBy(() -> config(service("web", "[web]"), ""))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("services web → web form a cycle");
    }

    @Test
    void aDeploymentOrderThatListsAServiceButNotItsDependencyIsRefused() {
        assertThatThrownBy(() -> config(service("web", "[api]") + service("api", null), "deployment_order: [web]\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("deployment_order lists 'web' but not 'api', which it depends on");
    }

    @Test
    void sideBySideWithADependencyIsRefused() {
        assertThatThrownBy(() -> config(service("web", "[api]") + service("api", null), "deployment_order: [[web, api]]\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("deployment_order deploys 'web' beside 'api', which it depends on");
    }
}
