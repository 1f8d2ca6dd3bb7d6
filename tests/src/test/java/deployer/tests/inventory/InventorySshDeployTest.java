package deployer.tests.inventory;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import deployer.tests.fixtures.DemoHosts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tarball deploy to real sshd hosts that the config addresses only through an Ansible INI inventory: no hostgroup,
 * no top-level user; ansible_host, ansible_port and ansible_user say where and as whom.
 */
class InventorySshDeployTest {

    /** Apart from the demo's 18080 and the other end-to-end tests' ports. */
    static final int PORT = 18097;

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(2).addressesPerServer(1);

    @TempDir
    Path work;
    DemoHosts demo;

    @AfterEach
    void stopTheServices() throws Exception {
        if (demo != null) {
            demo.stopServices();
        }
    }

    @Test
    void aDeployReachesTheInventorysHosts() throws Exception {
        Path project = CliProcess.projectRoot();
        Path root = ssh.writableDir("hosts");
        List<String> hosts = ssh.hosts().stream().map(OpenSshServers.Host::address).toList();
        demo = new DemoHosts(root, hosts, PORT);
        String inventory = "[web]\n" + ssh.hosts().stream()
                .map(h -> h.address() + " ansible_host=" + h.address() + " ansible_port=" + h.port() + " ansible_user=" + ssh.user())
                .collect(Collectors.joining("\n")) + "\n";
        Files.writeString(work.resolve("hosts.ini"), inventory);
        String yaml = Files.readAllLines(project.resolve("conf/demo.yaml")).stream()
                .filter(line -> !line.isBlank() && !line.strip().startsWith("#"))
                .collect(Collectors.joining("\n", "", "\n"))
                .replaceFirst("hostgroup:\\n  web:\\n    hosts: \\[local:[^]]*]\\n", "inventory: hosts.ini\n")
                .replace("/tmp/deployer-demo", root.toString())
                .replace("port: 18080", "port: " + PORT)
                .replace("min_nodes_up: 2", "min_nodes_up: 1")
                .replace("tarballs: demo/packages/v1", "tarballs: " + project.resolve("conf/demo/packages/v1"))
                + ssh.clientConfigYaml().replaceFirst("user: [^\\n]*\\n", "");
        assertThat(yaml).doesNotContain("local:", "hostgroup:", "\nuser:").contains("inventory: hosts.ini");
        Path config = Files.writeString(work.resolve("deploy.yaml"), yaml);

        CliProcess.Result r = CliProcess.deploy(work, "--config", config.toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        for (OpenSshServers.Host h : ssh.hosts()) {
            assertThat(r.all()).contains(ssh.user() + "@" + h.address() + ":" + h.port());
            assertThat(ssh.logins(h.server())).as("logins on %s", h.address()).isPositive();
            assertThat(root.resolve(h.address()).resolve("demo-web")).exists();
        }
    }
}
