package deployer.generators.tarball;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static deployer.generators.tarball.ReleaseHistoryTest.FILE;
import static deployer.generators.tarball.ReleaseHistoryTest.history;
import static org.assertj.core.api.Assertions.assertThat;

/** Where one host goes on --rollback, for every case docs/tarball-platform.md ("Rollback by history") promises. */
class RollbackChoiceTest {

    static final List<String> ALL = List.of("v3", "v2", "v1");

    @Test
    void withAHistoryTheReleaseBeforeTheCurrentOne() {
        assertThat(choose("v3", ALL, history("deploy - v1", "deploy v1 v2", "deploy v2 v3"), null))
                .isEqualTo(new RollbackChoice.SwitchTo("v2", null));
        assertThat(choose("v2", ALL, history("deploy - v1", "deploy v1 v2", "deploy v2 v3", "rollback v3 v2"), null))
                .isEqualTo(new RollbackChoice.SwitchTo("v1", null));
    }

    @Test
    void anExhaustedHistoryIsRefusedNamingTheOtherReleases() {
        RollbackChoice c = choose("v1", ALL, history("deploy - v1", "deploy v1 v2", "deploy v2 v3", "rollback v3 v2", "rollback v2 v1"), null);
        assertThat(c).isInstanceOf(RollbackChoice.Refused.class);
        assertThat(((RollbackChoice.Refused) c).reason()).isEqualTo("the release history of web is exhausted: web_v1 is the oldest release in "
                + FILE + "; other installed releases (pick one with --to VERSION): web_v3, web_v2");
    }

    @Test
    void aCleanedUpPreviousReleaseIsRefused() {
        RollbackChoice c = choose("v3", List.of("v3", "v1"), history("deploy - v1", "deploy v1 v2", "deploy v2 v3"), null);
        assertThat(((RollbackChoice.Refused) c).reason())
                .isEqualTo("the release before web_v3 in the history, web_v2, was cleaned up (its directory is gone); "
                        + "pick an installed release with --to VERSION (installed: web_v3, web_v1)");
    }

    @Test
    void aHistoryThatDoesNotEndAtTheCurrentReleaseIsRefused() {
        RollbackChoice c = choose("v1", ALL, history("deploy - v1", "deploy v1 v2"), null);
        assertThat(((RollbackChoice.Refused) c).reason()).startsWith("the release history " + FILE + " ends at web_v2, but the link points to web_v1")
                .contains("--to VERSION");
    }

    @Test
    void withoutAHistoryTheNewestOlderReleaseWithAWarning() {
        RollbackChoice c = RollbackChoice.choose("web", "v2", ALL, Optional.empty(), FILE, null);
        assertThat(c).isInstanceOf(RollbackChoice.SwitchTo.class);
        assertThat(((RollbackChoice.SwitchTo) c).version()).as("v1, not forward to v3").isEqualTo("v1");
        assertThat(((RollbackChoice.SwitchTo) c).warning()).contains("no release history (" + FILE + " does not exist");
        assertThat(RollbackChoice.choose("web", "v1", ALL, Optional.empty(), FILE, null)).isInstanceOf(RollbackChoice.Refused.class);
        // A history file with no readable line counts as none.
        assertThat(RollbackChoice.choose("web", "v3", ALL, Optional.of(ReleaseHistory.parse("web", FILE, "garbage\n")), FILE, null))
                .isInstanceOf(RollbackChoice.SwitchTo.class).extracting("version").isEqualTo("v2");
    }

    @Test
    void toPicksAnInstalledReleaseWhateverTheHistorySays() {
        assertThat(choose("v1", ALL, history("deploy - v1"), "v3")).isEqualTo(new RollbackChoice.SwitchTo("v3", null));
        assertThat(RollbackChoice.choose("web", "v1", ALL, Optional.empty(), FILE, "v2")).isEqualTo(new RollbackChoice.SwitchTo("v2", null));
        assertThat(choose("v3", ALL, history("deploy - v3"), "v3")).isEqualTo(new RollbackChoice.AlreadyThere("v3"));
        assertThat(((RollbackChoice.Refused) choose("v3", List.of("v3", "v2"), history("deploy - v3"), "v1")).reason())
                .isEqualTo("web_v1 is not installed; installed releases: web_v3, web_v2");
    }

    @Test
    void toAcceptsTheReleaseAsTheHintsNameItAndTheBareVersion() {
        // The refusals and deploy status print web_<version>; --to takes that, and the version alone.
        assertThat(choose("v1", ALL, history("deploy - v1"), "web_v3")).isEqualTo(new RollbackChoice.SwitchTo("v3", null));
        assertThat(choose("v1", ALL, history("deploy - v1"), "v3")).isEqualTo(new RollbackChoice.SwitchTo("v3", null));
        assertThat(choose("v3", ALL, history("deploy - v3"), "web_v3")).isEqualTo(new RollbackChoice.AlreadyThere("v3"));
        assertThat(((RollbackChoice.Refused) choose("v3", ALL, history("deploy - v3"), "web_v9")).reason())
                .isEqualTo("web_v9 is not installed; installed releases: web_v3, web_v2, web_v1");
        // A version that itself starts with the service's name is taken as it is when installed.
        assertThat(choose("v1", List.of("web_x", "v1"), history("deploy - v1"), "web_x")).isEqualTo(new RollbackChoice.SwitchTo("web_x", null));
    }

    private static RollbackChoice choose(String current, List<String> installed, ReleaseHistory h, String to) {
        return RollbackChoice.choose("web", current, installed, Optional.of(h), FILE, to);
    }
}
