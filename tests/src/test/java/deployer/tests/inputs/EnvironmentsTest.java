package deployer.tests.inputs;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --environment NAME} through the real build-tasklist: {@code environments/NAME.yaml} beside the config is
 * laid over it (mappings merge, lists are replaced, a key set to null goes away), checked as strictly as the config,
 * and {@code --show-config} says where each value of the merged config was written.
 */
class EnvironmentsTest {

    @TempDir
    Path work;

    /**
     * A tarball config of one service on one local host, with a migration; the staging overlay moves the service to
     * two other hosts (a list: replaced, not appended), changes its port and removes the migration (null).
     */
    private Path config(String overlay) throws IOException {
        return config(overlay, "");
    }

    private Path config(String overlay, String more) throws IOException {
        Path packages = CliProcess.projectRoot().resolve("conf/demo/packages/v1");
        Path config = work.resolve("app.yaml");
        Files.writeString(config, """
                platform: tarball
                tarballs: %s
                hostgroup:
                  web:
                    hosts: [local:prod1]
                service_defaults:
                  control_timeout: 20
                service:
                  demo-web:
                    hostgroups: [web]
                    port: 18091
                    install_location: %s/{hostname}
                    check_command: "true"
                    migration_command: "echo migrating"
                %s""".formatted(packages, work.resolve("hosts"), more));
        Files.createDirectories(work.resolve("environments"));
        Files.writeString(work.resolve("environments/staging.yaml"), overlay);
        return config;
    }

    private static final String STAGING = """
            hostgroup:
              web:
                hosts: [local:stage1, local:stage2]
            service:
              demo-web:
                port: 28091
                migration_command:
            """;

    @Test
    void theOverlayReplacesListsMergesMappingsAndItsNullsRemoveKeysInTheEffectivePlan() throws IOException {
        Path config = config(STAGING);

        CliProcess.Result base = CliProcess.buildTasklist(work.resolve("cli"), "--config", config.toString(), "--dump", "--no-lock");
        CliProcess.Result staging = CliProcess.buildTasklist(work.resolve("cli"), "--config", config.toString(),
                "--environment", "staging", "--dump", "--no-lock");

        assertThat(base.exitCode()).as(base.all()).isZero();
        assertThat(base.stdout()).contains("\"remote_host\": \"local:prod1\"", "echo migrating").doesNotContain("stage1");
        assertThat(staging.exitCode()).as(staging.all()).isZero();
        assertThat(staging.stdout()).contains("\"remote_host\": \"local:stage1\"", "\"remote_host\": \"local:stage2\"")
                .doesNotContain("local:prod1", "echo migrating", "migration");
        assertThat(staging.stderr()).contains("environment staging", "Loading configuration from " + config + " for environment staging");
    }

    @Test
    void showConfigGivesEachValueWithTheFileAndLineItCameFromAndMasksCredentials() throws IOException {
        // A sudo password written into the config is refused when hosts are reached; --show-config masks it.
        Path config = config(STAGING, "ssh:\n  sudo_password: \"Plain-Sudo-Word-17\"\n");

        CliProcess.Result r = CliProcess.buildTasklist(work.resolve("cli"), "--config", config.toString(),
                "--environment", "staging", "--show-config", "--parallel", "3");

        assertThat(r.exitCode()).as(r.all()).isZero();
        String overlay = work.resolve("environments/staging.yaml").toString();
        assertThat(r.stdout()).containsPattern("hostgroup\\.web\\.hosts: \\[local:stage1, local:stage2] +# " + overlay + ":3:5")
                .containsPattern("service\\.demo-web\\.port: 28091 +# " + overlay + ":6:5")
                .containsPattern("service\\.demo-web\\.hostgroups: \\[web] +# " + config + ":10:5")
                // Mixed in from service_defaults: the line of the defaults block.
                .containsPattern("service\\.demo-web\\.control_timeout: 20 +# " + config + ":7:3")
                .containsPattern("deploy_concurrency: 3 +# command line")
                .containsPattern("ssh\\.sudo_password: \\*{8} +# " + config + ":16:3")
                .doesNotContain("migration_command", "Plain-Sudo-Word-17");
        assertThat(r.stdout()).startsWith("# " + config + ", environment staging");
    }

    @Test
    void anUnknownKeyInTheOverlayIsRefusedAtItsLineInTheOverlayAndNothingRuns() throws IOException {
        Path config = config("""
                service:
                  demo-web:
                    port: 28091
                    instal_location: /srv
                """);

        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--environment", "staging");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains(work.resolve("environments/staging.yaml") + ":4:5 service.demo-web.instal_location: unknown key"
                + " 'instal_location' in service 'demo-web'; did you mean 'install_location'?");
        assertThat(work.resolve("hosts")).doesNotExist();
    }

    /** Issue 26.20: a generator's problem with a value the overlay wrote points at the overlay's line, not the base file. */
    @Test
    void aGeneratorsProblemWithAnOverlaysValueIsReportedAtTheOverlaysLine() throws IOException {
        Path config = config("""
                service:
                  demo-web:
                    hostgroups: []
                """);

        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--environment", "staging");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains(work.resolve("environments/staging.yaml") + ":3:5 service.demo-web.hostgroups: service 'demo-web'"
                + " has no hosts");
        assertThat(work.resolve("hosts")).doesNotExist();
    }

    @Test
    void aMissingOverlayOrAnEnvironmentWithoutAConfigIsAUsageError() throws IOException {
        Path config = config(STAGING);

        CliProcess.Result missing = CliProcess.buildTasklist(work.resolve("cli"), "--config", config.toString(), "--environment", "prod");
        CliProcess.Result noConfig = CliProcess.buildTasklist(work.resolve("cli"), "--environment", "staging", "--tasklist", "x.json");

        assertThat(missing.exitCode()).as(missing.all()).isEqualTo(2);
        assertThat(missing.stderr()).contains("--environment prod: no overlay " + work.resolve("environments/prod.yaml"));
        assertThat(noConfig.exitCode()).as(noConfig.all()).isEqualTo(2);
        assertThat(noConfig.stderr()).contains("--environment NAME lays environments/NAME.yaml over a config: give it with --config FILE");
    }
}
