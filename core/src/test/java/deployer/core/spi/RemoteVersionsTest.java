package deployer.core.spi;

import deployer.core.internal.host.LocalHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class RemoteVersionsTest {

    @TempDir
    Path dir;

    private final LocalHost host = new LocalHost("local:t1");

    @Test
    void readsVersionsFromReleaseSymlinksAndNoneForMissingOnes() throws Exception {
        Files.createDirectories(dir.resolve("web_1.0-abc"));
        Files.createSymbolicLink(dir.resolve("web"), Path.of("web_1.0-abc"));
        Files.createSymbolicLink(dir.resolve("my_api"), dir.resolve("my_api_2024.1/"));
        assertThat(RemoteVersions.read(host, dir.toString(), List.of("web", "my_api", "absent")))
                .containsExactly(entry("web", Optional.of("1.0-abc")), entry("my_api", Optional.of("2024.1")),
                        entry("absent", Optional.empty()));
    }

    @Test
    void aMissingInstallLocationMeansNothingInstalled() throws Exception {
        assertThat(RemoteVersions.read(host, dir.resolve("fresh host").toString(), List.of("web")))
                .containsExactly(entry("web", Optional.empty()));
    }

    @Test
    void aRealDirectoryWhereTheLinkShouldBeIsAnErrorNotNoVersion() throws Exception {
        Files.createDirectories(dir.resolve("web"));
        assertThatThrownBy(() -> RemoteVersions.read(host, dir.toString(), List.of("web")))
                .isInstanceOfSatisfying(HostException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.COMMAND_ERROR))
                .hasMessageContaining("exists but is not a symlink");
    }

    @Test
    void aLinkWithoutAVersionIsAnError() throws Exception {
        Files.createSymbolicLink(dir.resolve("web"), Path.of("current"));
        assertThatThrownBy(() -> RemoteVersions.read(host, dir.toString(), List.of("web")))
                .hasMessageContaining("points to current, which does not name a release");
    }

    @Test
    void versionIsAfterTheServiceNameOrElseTheFirstUnderscore() {
        assertThat(RemoteVersions.versionOf("web", "/opt/web_1.2_rc1/")).contains("1.2_rc1");
        assertThat(RemoteVersions.versionOf("my_api", "my_api_3")).contains("3");
        assertThat(RemoteVersions.versionOf("web", "../releases/other_7")).contains("7");
        assertThat(RemoteVersions.versionOf("web", "web_")).isEmpty();
        assertThat(RemoteVersions.versionOf("web", "web")).isEmpty();
    }
}
