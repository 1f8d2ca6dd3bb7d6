package deployer.tests.inventory;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** Host groups from an inventory, through the real CLI: the plan's hosts, conflicts and unknown groups, once per run. */
class InventoryConfigTest {

    private static final Path PACKAGE = CliProcess.projectRoot().resolve("conf/demo/packages/v1/demo-web_1f3a9c2-20240501120000.tar.gz");

    @TempDir
    Path dir;

    private void config(String hostgroups, String extra) throws IOException {
        Files.createDirectories(dir.resolve("packages"));
        Files.copy(PACKAGE, dir.resolve("packages").resolve(PACKAGE.getFileName()));
        Files.writeString(dir.resolve("deploy.yaml"), """
                platform: tarball
                tarballs: packages
                inventory: inventory/hosts
                no_lock: true
                %s
                service:
                  demo-web:
                    hostgroups: [%s]
                    install_location: /opt/demo
                """.formatted(extra, hostgroups));
        Files.createDirectories(dir.resolve("inventory"));
        Files.writeString(dir.resolve("inventory/hosts"), """
                [web]
                web1 ansible_host=127.0.0.2 ansible_port=2222 ansible_user=deploy
                web2 ansible_host=127.0.0.3
                [edge:children]
                web
                """);
    }

    @Test
    void aServiceOnAnInventoryGroupIsPlannedForItsAddressedHosts() throws IOException {
        config("edge", "");
        // Planning reads each host's installed releases: nothing listens there, so the answer names the addresses tried.
        CliProcess.Result r = CliProcess.buildTasklist(dir, "--config", "deploy.yaml");
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr()).contains("2 of 2 hosts could not be read", "UNREACHABLE on deploy@127.0.0.2:2222", "UNREACHABLE on 127.0.0.3");
    }

    @Test
    void aHostgroupNamedLikeAnInventoryGroupIsAnErrorNamingBoth() throws IOException {
        config("web", "hostgroup:\n  web: [local:h1]");
        CliProcess.Result r = CliProcess.buildTasklist(dir, "--config", "deploy.yaml");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("deploy.yaml:6", "host group 'web' is defined twice", "inventory/hosts:1");
    }

    @Test
    void anUnknownGroupIsLocated() throws IOException {
        config("webz", "");
        CliProcess.Result r = CliProcess.buildTasklist(dir, "--config", "deploy.yaml");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("deploy.yaml:8", "unknown host group 'webz'", "ungrouped", "edge");
    }

    @Test
    void aDynamicInventoryRunsOncePerRun() throws IOException {
        config("db", "");
        Path script = dir.resolve("inventory/hosts");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >> " + dir.resolve("calls") + "\necho '{\"db\": [\"127.0.0.4\"]}'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        CliProcess.Result r = CliProcess.buildTasklist(dir, "--config", "deploy.yaml");
        assertThat(r.stderr()).contains("UNREACHABLE on 127.0.0.4");
        assertThat(Files.readAllLines(dir.resolve("calls"))).containsExactly("--list", "--host 127.0.0.4");
    }

    @Test
    void deployInventoryShowsWhereAValueCameFrom() throws IOException {
        config("web", "");
        CliProcess.Result r = CliProcess.deploy(dir, "inventory", "--config", "deploy.yaml", "--host", "web1");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("\"from\": \"" + dir.resolve("inventory/hosts") + ":2\"", "\"value\": 2222");
    }
}
