package deployer.generators.tarball;

import deployer.core.config.Config;
import deployer.core.config.ConfigLoader;
import deployer.core.model.InvalidInputException;
import deployer.core.model.SkippedHost;
import deployer.core.model.Tasklist;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What keeps a release safe, planned over real release directories and histories on local hosts: cleanup keeps the
 * release a rollback returns to, a deploy never silently goes back to an older release, a rollback after a partial
 * failure leaves the hosts that never changed alone, and migrations run in the new release.
 */
class ReleaseSafetyTest {

    private static final String CONFIG = """
            platform: tarball
            keep_versions: 2
            hostgroup:
              web: [local:web1, local:web2, local:web3]
            service:
              web:
                hostgroups: [web]
                install_location: @ROOT@/srv/{hostname}
                migration_if_exists: db/migrate
                migration_command: "sh db/migrate"
            """;

    @TempDir
    Path root;
    TarballFixture fx;

    @BeforeEach
    void setUp() {
        fx = new TarballFixture(root);
    }

    private Config config(Map<String, Object> typed) throws Exception {
        Path f = root.resolve("web.yaml");
        Files.writeString(f, CONFIG.replace("@ROOT@", root.toString()));
        return ConfigLoader.load(f).withCommandLine(typed);
    }

    /** The demo's sequence on one host: v1, v2, rollback to v1 (cleanup has not run since). */
    private void v1ThenV2ThenRolledBack(String host) throws Exception {
        fx.installed("srv/" + host, "web", "v1", "v1", "v2");
        fx.history("srv/" + host, "web", "deploy - v1", "deploy v1 v2", "rollback v2 v1");
    }

    @Test
    void cleanupAfterTheDemosV3KeepsTheReleaseTheHistoryRollsBackTo() throws Exception {
        for (String h : new String[]{"web1", "web2", "web3"}) {
            v1ThenV2ThenRolledBack(h);
        }
        fx.pkg("web_v3.tar.gz");
        String json = fx.json(fx.generate(config(Map.of())));
        // After v3 the history stack is v1, v3: the next rollback returns to v1, the oldest directory.
        for (String h : new String[]{"web1", "web2", "web3"}) {
            assertThat(json.replaceAll("\\s+", "")).contains("\"keepversions\":2,\"path\":\"$ROOT/srv/" + h + "\",\"protect\":[\"web_v1\"]");
        }
    }

    @Test
    void aDeployToAnOlderReleaseIsRefusedNamingEveryHost() throws Exception {
        // v1, v2, rollback to v1, v3: v1 is older than v3 although cleanup removed it and it is not the oldest name.
        for (String h : new String[]{"web1", "web2"}) {
            fx.installed("srv/" + h, "web", "v3", "v2", "v3");
            fx.history("srv/" + h, "web", "deploy - v1", "deploy v1 v2", "rollback v2 v1", "deploy v1 v3");
        }
        fx.installed("srv/web3", "web", "v1", "v1");
        fx.history("srv/web3", "web", "deploy - v1");
        fx.pkg("web_v1.tar.gz");
        assertThatThrownBy(() -> fx.generate(config(Map.of())))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(t -> {
                    InvalidInputException e = (InvalidInputException) t;
                    assertThat(e.problems()).extracting(p -> p.where()).containsExactly("local:web1", "local:web2");
                    assertThat(e.problems().get(0).message()).isEqualTo("deploying web v1 would downgrade it: web_v1 is older than web_v3,"
                            + " which the host runs (by the release history (it became current first)); give --allow-downgrade"
                            + " (allow_downgrade: true) to deploy it anyway, or go back with --rollback web [--to v1]");
                });
    }

    @Test
    void allowDowngradeDeploysTheOlderRelease() throws Exception {
        fx.installed("srv/web1", "web", "v3", "v2", "v3");
        fx.history("srv/web1", "web", "deploy - v2", "deploy v2 v3");
        fx.pkg("web_v2.tar.gz");
        Tasklist t = fx.generate(config(Map.of("allow_downgrade", true)));
        assertThat(fx.json(t)).contains("local:web1").contains("\"history_action\": \"deploy\"");
    }

    @Test
    void aNewReleaseNoHostHasSeenIsNoDowngradeWhateverItsName() throws Exception {
        fx.installed("srv/web1", "web", "b-2", "b-2");
        fx.history("srv/web1", "web", "deploy - b-2");
        fx.pkg("web_a-3.tar.gz");
        assertThat(fx.json(fx.generate(config(Map.of())))).contains("local:web1");
    }

    @Test
    void aRollbackAfterAPartialDeployLeavesTheHostsThatNeverChangedAlone() throws Exception {
        // v1 then v2 everywhere; v3 reached web1 only before the deploy failed.
        fx.installed("srv/web1", "web", "v3", "v1", "v2", "v3");
        fx.history("srv/web1", "web", "deploy - v1", "deploy v1 v2", "deploy v2 v3");
        for (String h : new String[]{"web2", "web3"}) {
            fx.installed("srv/" + h, "web", "v2", "v1", "v2");
            fx.history("srv/" + h, "web", "deploy - v1", "deploy v1 v2");
        }
        Tasklist t = fx.generate(config(Map.of("rollback", "web")));
        String json = fx.stagesJson(t);
        assertThat(json).contains("local:web1", "$ROOT/srv/web1/web_v2").doesNotContain("local:web2", "local:web3");
        assertThat(t.skippedHosts()).extracting(SkippedHost::host).containsExactly("local:web2", "local:web3");
    }

    @Test
    void aHostNothingWasEverInstalledOnIsLeftOutOfARollback() throws Exception {
        fx.installed("srv/web1", "web", "v2", "v1", "v2");
        fx.history("srv/web1", "web", "deploy - v1", "deploy v1 v2");
        Files.createDirectories(root.resolve("srv/web2"));
        Files.createDirectories(root.resolve("srv/web3"));
        Tasklist t = fx.generate(config(Map.of("rollback", "web")));
        assertThat(fx.stagesJson(t)).contains("local:web1").doesNotContain("local:web2", "local:web3");
        assertThat(t.skippedHosts()).extracting(SkippedHost::why)
                .containsExactly("nothing to roll back (no release of web installed)", "nothing to roll back (no release of web installed)");
    }

    @Test
    void aHostAtTheNewestReleaseThatCannotGoBackStillRefusesTheRollback() throws Exception {
        fx.installed("srv/web1", "web", "v2", "v1", "v2");
        fx.history("srv/web1", "web", "deploy - v1", "deploy v1 v2");
        fx.installed("srv/web2", "web", "v2", "v2");
        fx.history("srv/web2", "web", "deploy - v2");
        Files.createDirectories(root.resolve("srv/web3"));
        assertThatThrownBy(() -> fx.generate(config(Map.of("rollback", "web"))))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(t -> assertThat(((InvalidInputException) t).problems()).extracting(p -> p.where()).containsExactly("local:web2"));
    }

    @Test
    void theMigrationRunsInTheNewRelease() throws Exception {
        fx.pkg("web_v1.tar.gz");
        String json = fx.json(fx.generate(config(Map.of())));
        assertThat(json).contains("\"command\": \"migration_script\"")
                .containsPattern("\"working_directory\": \"\\$ROOT/srv/web1/\\.deployer-tmp/web_v1\\.[^\"]*/web\"");
    }
}
