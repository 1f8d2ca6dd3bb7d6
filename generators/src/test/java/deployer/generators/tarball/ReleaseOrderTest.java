package deployer.generators.tarball;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static deployer.generators.tarball.ReleaseHistoryTest.FILE;
import static deployer.generators.tarball.ReleaseHistoryTest.history;
import static org.assertj.core.api.Assertions.assertThat;

/** Which release is older: by the hosts' histories and directories, never by the version strings. */
class ReleaseOrderTest {

    @Test
    void theDemosSequenceMakesV1OlderThanV3ThoughV1IsCurrentAfterTheRollbackAndCleanedUp() {
        // v1, v2, rollback to v1, v3; cleanup kept v3 and v2 only.
        ReleaseOrder order = new ReleaseOrder().add(Optional.of(history("deploy - v1", "deploy v1 v2", "rollback v2 v1", "deploy v1 v3")),
                List.of("v3", "v2"));
        assertThat(order.older("v1", "v3")).isTrue();
        assertThat(order.older("v3", "v1")).isFalse();
        assertThat(order.older("v2", "v3")).isTrue();
        assertThat(order.older("v1", "v2")).isTrue();
    }

    @Test
    void notByTheVersionStrings() {
        ReleaseOrder order = new ReleaseOrder().add(Optional.of(history("deploy - zz-1", "deploy zz-1 aa-2")), List.of());
        assertThat(order.older("zz-1", "aa-2")).isTrue();
        assertThat(order.older("aa-2", "zz-1")).isFalse();
    }

    @Test
    void aReleaseNoHostKnowsIsNeverOlder() {
        ReleaseOrder order = new ReleaseOrder().add(Optional.of(history("deploy - v1", "deploy v1 v2")), List.of("v2", "v1"));
        assertThat(order.compare("v9", "v2")).isEmpty();
        assertThat(order.older("v9", "v2")).isFalse();
        assertThat(order.older("v2", "v9")).isFalse();
        assertThat(order.compare("v2", "v2")).contains(0);
    }

    @Test
    void acrossHostsByTheEarliestTimeEachBecameCurrent() {
        String early = "2024-05-01T00:00:00Z\tdeploy\t-\t/srv/web_v1\tops@c\n";
        String late = "2024-06-01T00:00:00Z\tdeploy\t-\t/srv/web_v2\tops@c\n";
        ReleaseOrder order = new ReleaseOrder()
                .add(Optional.of(ReleaseHistory.parse("web", FILE, early)), List.of("v1"))
                .add(Optional.of(ReleaseHistory.parse("web", FILE, late)), List.of("v2"));
        assertThat(order.older("v1", "v2")).isTrue();
        assertThat(order.older("v2", "v1")).isFalse();
        assertThat(order.how("v1", "v2")).contains("release history");
    }

    @Test
    void withoutAHistoryByDirectoryTimeOnOneHost() {
        ReleaseOrder order = new ReleaseOrder().add(Optional.empty(), List.of("b", "a"));
        assertThat(order.older("a", "b")).isTrue();
        assertThat(order.older("b", "a")).isFalse();
        assertThat(order.how("a", "b")).isEqualTo("by release directory time");
    }
}
