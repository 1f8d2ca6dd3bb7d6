package deployer.tests.tarball;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code service.<s>.depends_on} through the real deploy and build-tasklist CLIs, on {@code local:NAME} hosts: the
 * deploy steps follow the dependencies (services that do not depend on each other side by side, within the
 * configured limits), and a cycle, an unknown service or a deployment_order against a dependency is refused with
 * the config file:line, exit 2, before anything runs.
 */
class ServiceDependenciesTest {

    static final String VERSION = "1a2b3c4-20240501120000";
    /** Declared in an order unlike the dependencies', so the plan's order can only come from them. */
    static final List<String> SERVICES = List.of("web", "api", "worker", "db", "cache");

    @TempDir
    static Path work;
    static Path packages;

    @TempDir
    Path dir;

    @BeforeAll
    static void packagesForEveryService() throws IOException {
        Path demo = CliProcess.projectRoot().resolve("conf/demo/packages/v1/demo-web_1f3a9c2-20240501120000.tar.gz");
        packages = Files.createDirectories(work.resolve("packages"));
        for (String s : SERVICES) {
            Files.copy(demo, packages.resolve(s + "_" + VERSION + ".tar.gz"));
        }
    }

    @Test
    void servicesDeployAfterTheirDependenciesAndIndependentOnesSideBySide() throws Exception {
        Path root = Files.createDirectories(dir.resolve("hosts"));
        Path order = root.resolve("order");
        Path config = config("deps.yaml", root, Map.of(
                "web", "[api]", "api", "[db, cache]", "worker", "[db]"), "", "echo {servicename} >> " + order);

        CliProcess.Result r = CliProcess.deploy(dir.resolve("cli"), "--config", config.toString(), "--directory", packages.toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        String stderr = r.stderr();
        List<String> stages = List.of("Starting stage: Deploy db, cache (batch 1 of 1)",
                "Starting stage: Deploy api, worker (batch 1 of 1)", "Starting stage: Deploy web (batch 1 of 1)");
        assertThat(stderr).contains(stages);
        assertThat(stderr.indexOf(stages.get(0))).isLessThan(stderr.indexOf(stages.get(1)));
        assertThat(stderr.indexOf(stages.get(1))).isLessThan(stderr.indexOf(stages.get(2)));
        // What the hosts saw: every start of a step before any start of the next.
        List<String> starts = Files.readAllLines(order);
        assertThat(starts).hasSize(5);
        assertThat(starts.subList(0, 2)).containsExactlyInAnyOrder("db", "cache");
        assertThat(starts.subList(2, 4)).containsExactlyInAnyOrder("api", "worker");
        assertThat(starts.get(4)).isEqualTo("web");
    }

    @Test
    void sideBySideServicesShareOneStageWithinTheDeployLimits() throws Exception {
        Path config = config("limits.yaml", dir.resolve("hosts"), Map.of("web", "[api]", "api", "[db, cache]", "worker", "[db]"),
                "deploy_concurrency: 1\ndeploy_concurrency_per_host: 1\n", "exit 0");

        CliProcess.Result r = CliProcess.buildTasklist(dir.resolve("cli"), "--config", config.toString(),
                "--directory", packages.toString(), "--dump");

        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode plan = new ObjectMapper().readTree(r.stdout());
        List<String> deploys = new ArrayList<>();
        for (JsonNode stage : plan.get("stages")) {
            String name = stage.get("name").asText();
            if (!name.startsWith("Deploy ")) {
                continue;
            }
            deploys.add(name);
            assertThat(stage.get("concurrency").asInt()).as(name).isEqualTo(1);
            assertThat(stage.get("concurrency_per_host").asInt()).as(name).isEqualTo(1);
            if (name.startsWith("Deploy db, cache")) {
                List<String> tags = new ArrayList<>();
                stage.get("tasks").forEach(chain -> tags.add(chain.get(0).get("tag").asText()));
                assertThat(tags).containsExactly("db", "cache");
            }
        }
        assertThat(deploys).containsExactly("Deploy db, cache (batch 1 of 1)", "Deploy api, worker (batch 1 of 1)",
                "Deploy web (batch 1 of 1)");
    }

    @Test
    void aCycleIsRefusedNamingItsServices() throws Exception {
        Path config = config("cycle.yaml", dir.resolve("hosts"), Map.of("web", "[api]", "api", "[db, web]"), "", "exit 0");

        CliProcess.Result r = CliProcess.deploy(dir.resolve("cli"), "--config", config.toString(), "--directory", packages.toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).containsPattern(at(config, "    depends_on: [api]") + ":\\d+ service.web.depends_on: "
                + "services web → api → web form a cycle");
        assertThat(r.stderr()).doesNotContain("Starting stage");
    }

    @Test
    void aDeploymentOrderAgainstADependencyIsRefused() throws Exception {
        Path config = config("order.yaml", dir.resolve("hosts"), Map.of("web", "[api]"),
                "deployment_order: [[web, db], api]\n", "exit 0");

        CliProcess.Result r = CliProcess.deploy(dir.resolve("cli"), "--config", config.toString(), "--directory", packages.toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).containsPattern(at(config, "deployment_order:") + ":\\d+ deployment_order: "
                + "deployment_order deploys 'web' before 'api', which it depends on \\(service.web.depends_on at "
                + at(config, "    depends_on: [api]") + ":\\d+\\)");
        assertThat(r.stderr()).doesNotContain("Starting stage");
    }

    @Test
    void aDependencyOnAnUnknownServiceIsRefusedWithASuggestion() throws Exception {
        Path config = config("unknown.yaml", dir.resolve("hosts"), Map.of("api", "[dbb]"), "", "exit 0");

        CliProcess.Result r = CliProcess.deploy(dir.resolve("cli"), "--config", config.toString(), "--directory", packages.toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).containsPattern(at(config, "    depends_on: [dbb]") + ":\\d+ service.api.depends_on: "
                + "unknown service 'dbb' \\(did you mean 'db'\\?\\)");
        assertThat(r.stderr()).doesNotContain("Starting stage");
    }

    /** Every service on one local host of its own; {@code start} is each service's start command. */
    private Path config(String name, Path root, Map<String, String> dependsOn, String extra, String start) throws IOException {
        StringBuilder yaml = new StringBuilder("platform: tarball\n").append(extra).append("hostgroup:\n");
        SERVICES.forEach(s -> yaml.append("  ").append(s).append(": [local:").append(s).append("1]\n"));
        yaml.append("service:\n");
        for (String s : SERVICES) {
            yaml.append("  ").append(s).append(":\n")
                    .append("    hostgroups: [").append(s).append("]\n")
                    .append("    install_location: ").append(root).append("/{hostname}\n")
                    .append("    start_command: ").append(start).append('\n');
            if (dependsOn.containsKey(s)) {
                yaml.append("    depends_on: ").append(dependsOn.get(s)).append('\n');
            }
        }
        return Files.writeString(dir.resolve(name), yaml);
    }

    /** {@code FILE:LINE} (as a regular expression) of the first line that starts with {@code prefix}. */
    private static String at(Path config, String prefix) throws IOException {
        return java.util.regex.Pattern.quote(config.toString()) + ":" + line(config, prefix);
    }

    private static int line(Path config, String prefix) throws IOException {
        List<String> lines = Files.readAllLines(config);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line starts with " + prefix);
    }
}
