package deployer.tests.tarball;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Planning a tarball deploy reads every host first; hosts whose sshd is gone (closed ports on loopback) are each named
 * with their address and why, not only the first, and nothing runs anywhere, the healthy real OpenSSH host included.
 */
@Tag("sshd")
class TarballDeadHostsSshTest {

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(1);

    @TempDir
    Path work;

    @Test
    void twoDeadHostsAreBothNamedAndNothingRuns() throws Exception {
        String dead1 = "127.0.0.1:" + closedPort();
        String dead2 = "127.0.0.1:" + closedPort();
        Path root = ssh.writableDir("dead-two");

        CliProcess.Result r = deploy(config(root, List.of(dead1, dead2)));

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr()).contains("deploy: 2 of 2 hosts could not be read for planning; nothing was run:",
                "  UNREACHABLE on " + dead1 + ": cannot connect to ", "  UNREACHABLE on " + dead2 + ": cannot connect to ")
                .contains("connection refused");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void oneDeadHostIsNamedAsBeforeAndTheHealthyOneIsNotTouched() throws Exception {
        String dead = "127.0.0.1:" + closedPort();
        OpenSshServers.Host healthy = ssh.host(0);
        Path root = ssh.writableDir("dead-one");

        CliProcess.Result r = deploy(config(root, List.of(healthy.remoteHost(), dead)));

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr()).contains("deploy: UNREACHABLE on " + dead + ": cannot connect to ", "connection refused; nothing was run")
                .doesNotContain("UNREACHABLE on " + healthy.remoteHost()).doesNotContain("Starting stage");
        assertThat(root.resolve(healthy.address())).as("nothing was released on the healthy host").doesNotExist();
    }

    private Path config(Path root, List<String> hosts) throws Exception {
        return Files.writeString(work.resolve("dead.yaml"), "platform: tarball\n"
                + "hostgroup:\n"
                + "  web: [" + String.join(", ", hosts) + "]\n"
                + "service:\n"
                + "  demo-web:\n"
                + "    hostgroups: [web]\n"
                + "    install_location: " + root + "/{hostname}\n"
                + "    start_command: \"true\"\n"
                + "    stop_command: \"true\"\n"
                + "    min_nodes_up: 0\n"
                + ssh.clientConfigYaml());
    }

    /** A port nothing listens on: bound once to be sure it is free, then closed. */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private CliProcess.Result deploy(Path config) {
        return CliProcess.deploy(work.resolve("cli"), "--config", config.toString(),
                "--directory", CliProcess.projectRoot().resolve("conf/demo/packages/v1").toString());
    }
}
