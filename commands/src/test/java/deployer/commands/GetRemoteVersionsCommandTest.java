package deployer.commands;

import deployer.core.spi.CommandResult.Outcome;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import deployer.core.spi.RemoteHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static deployer.commands.CommandTester.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GetRemoteVersionsCommandTest {

    @TempDir
    Path dir;

    @Test
    void logsServiceHostVersionForEachService() throws Exception {
        Files.createSymbolicLink(dir.resolve("web"), Path.of("web_1.0-abc"));
        var run = command("get_remote_versions").arg("install_location", dir.toString())
                .arg("services", List.of("web", "api")).run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.log().texts(Level.INFO)).containsSubsequence("web local:t1 1.0-abc", "api local:t1 none");
        assertThat(run.message()).isEqualTo("web 1.0-abc, api none");
    }

    /** A host whose network is down: what an SSH host raises when the connection is refused. */
    private static final class DownHost implements RemoteHost {
        @Override public String name() { return "be001"; }
        @Override public ExecResult execute(String commandLine, ExecOptions options) throws HostException {
            throw new HostException(FailureReason.UNREACHABLE, "be001", "connection refused");
        }
        @Override public void put(Path localFile, String remotePath) throws HostException {
            throw new HostException(FailureReason.UNREACHABLE, "be001", "connection refused");
        }
        @Override public void get(String remotePath, Path localFile) throws HostException {
            throw new HostException(FailureReason.UNREACHABLE, "be001", "connection refused");
        }
        @Override public boolean exists(String remotePath) throws HostException {
            throw new HostException(FailureReason.UNREACHABLE, "be001", "connection refused");
        }
        @Override public void close() { }
    }

    @Test
    void anUnreachableHostFailsAndIsNeverReadAsNoVersion() {
        assertThatThrownBy(() -> command("get_remote_versions").on(new DownHost()).arg("install_location", "/opt")
                .arg("services", List.of("web")).run())
                .isInstanceOfSatisfying(HostException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.UNREACHABLE));
    }

    @Test
    void badServiceNamesAreProblems() {
        assertThat(command("get_remote_versions").arg("install_location", "/opt").arg("services", List.of("a/b")).problems())
                .singleElement().asString().contains("'services'", "a/b");
        assertThat(command("get_remote_versions").arg("install_location", "/opt").arg("services", List.of()).problems())
                .singleElement().asString().contains("at least one");
    }
}
