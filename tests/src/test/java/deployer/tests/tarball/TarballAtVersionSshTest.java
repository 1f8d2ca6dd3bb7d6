package deployer.tests.tarball;

import deployer.tests.fixtures.DemoHosts;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static deployer.tests.fixtures.DemoHosts.V1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hosts at the version on two real OpenSSH hosts through the real deploy CLI: the service's check runs over SSH while
 * the links are read; a host whose service is down is started again, one whose config template values changed gets
 * the file rendered into its current release and a restart; {@code --dry-run --diff} shows that change first. The
 * service is a marker file ({@code up}) its control commands create and remove. The steps build on each other.
 */
@Tag("sshd")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TarballAtVersionSshTest {

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(2);

    @TempDir
    static Path work;
    static Path root;
    static Path config;
    static Path v1;

    @BeforeAll
    static void writeTheConfig() throws Exception {
        root = ssh.writableDir("tarball-at-version");
        v1 = CliProcess.projectRoot().resolve("conf/demo/packages/v1");
        Files.writeString(work.resolve("app.conf.mustache"), "greeting={{greeting}}\n");
        config = work.resolve("at-version.yaml");
        writeConfig("hello");
    }

    static void writeConfig(String greeting) throws Exception {
        String hosts = ssh.hosts().stream().map(OpenSshServers.Host::remoteHost).collect(Collectors.joining(", "));
        Files.writeString(config, "platform: tarball\n"
                + "hostgroup:\n"
                + "  web: [" + hosts + "]\n"
                + "service:\n"
                + "  demo-web:\n"
                + "    hostgroups: [web]\n"
                + "    install_location: " + root + "/{hostname}\n"
                + "    start_command: \"touch {install_location}/up\"\n"
                + "    stop_command: \"rm -f {install_location}/up\"\n"
                + "    check_command: \"test -e {install_location}/up\"\n"
                + "    min_nodes_up: 1\n"
                + "    template_values: {greeting: " + greeting + "}\n"
                + "    templates:\n"
                + "      - {src: app.conf.mustache, dest: app.conf}\n"
                + ssh.clientConfigYaml());
    }

    @Test
    @Order(1)
    void v1IsReleasedAndStarted() {
        CliProcess.Result r = deploy("--config", config.toString(), "--directory", v1.toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        for (OpenSshServers.Host h : ssh.hosts()) {
            assertThat(hostRoot(h).resolve("up")).exists();
            assertThat(hostRoot(h).resolve("demo-web/app.conf")).hasContent("greeting=hello\n");
        }
    }

    @Test
    @Order(2)
    void aHostWhoseServiceStoppedIsStartedAgainAndTheOtherSkipped() throws Exception {
        OpenSshServers.Host down = ssh.host(0);
        Files.delete(hostRoot(down).resolve("up"));

        CliProcess.Result r = deploy("--config", config.toString(), "--directory", v1.toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("demo-web on " + down.remoteHost() + " is at " + V1 + " but check_command exited 1; starting it again in that release",
                "demo-web on " + ssh.host(1).remoteHost() + " is already at " + V1 + "; skipping it (its checks pass, config templates unchanged;");
        assertThat(hostRoot(down).resolve("up")).exists();
        assertThat(r.stderr()).doesNotContain("Starting stage: Upload packages");
    }

    @Test
    @Order(3)
    void changedTemplateValuesArePreviewedThenRenderedIntoTheCurrentRelease() throws Exception {
        writeConfig("bonjour");

        CliProcess.Result preview = deploy("--config", config.toString(), "--directory", v1.toString(), "--dry-run", "--diff");
        assertThat(preview.exitCode()).as(preview.all()).isZero();
        assertThat(preview.stdout()).contains("-greeting=hello\n+greeting=bonjour\n")
                .contains("Dry run: 2 of 2 file(s) would change; nothing was changed");

        CliProcess.Result r = deploy("--config", config.toString(), "--directory", v1.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        for (OpenSshServers.Host h : ssh.hosts()) {
            assertThat(hostRoot(h).resolve("demo-web_" + V1 + "/app.conf")).hasContent("greeting=bonjour\n");
            assertThat(hostRoot(h).resolve("up")).exists();
        }
        assertThat(r.stderr()).contains("Starting stage: Deploy demo-web (batch 1 of 2)", "Starting stage: Deploy demo-web (batch 2 of 2)");

        CliProcess.Result again = deploy("--config", config.toString(), "--directory", v1.toString());
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.stdout()).contains("Nothing to deploy");
    }

    private static Path hostRoot(OpenSshServers.Host h) {
        return root.resolve(h.address());
    }

    private static CliProcess.Result deploy(String... args) {
        return CliProcess.deploy(work.resolve("cli"), args);
    }
}
