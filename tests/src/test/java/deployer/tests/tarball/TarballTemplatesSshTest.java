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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static deployer.tests.fixtures.DemoHosts.V1;
import static deployer.tests.fixtures.DemoHosts.V2;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tarball service's {@code templates} on two real OpenSSH hosts through the real deploy CLI: rendered into each
 * host's new release before the switch, with config values; {@code --dry-run --diff} of the next release shows each
 * host's diff against its current release's file and changes nothing; a value no config gives is refused before
 * anything runs. The steps build on each other, so they run in order.
 */
@Tag("sshd")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TarballTemplatesSshTest {

    static final String TEMPLATE = """
            version={{version}}
            host={{hostname}}
            db={{db.host}}:{{db.port}}
            release={{release_dir}}
            {{greeting}}
            """;

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(2);

    @TempDir
    static Path work;
    static Path root;
    static Path packages;
    static Path config;

    @BeforeAll
    static void writeTheConfigAndTheTemplate() throws Exception {
        root = ssh.writableDir("tarball-templates");
        packages = CliProcess.projectRoot().resolve("conf/demo/packages");
        Files.writeString(work.resolve("app.conf.mustache"), TEMPLATE);
        config = Files.writeString(work.resolve("templates.yaml"), yaml("greeting: hello"));
    }

    static String yaml(String serviceValues) {
        String hosts = ssh.hosts().stream().map(OpenSshServers.Host::remoteHost).collect(Collectors.joining(", "));
        return "platform: tarball\n"
                + "template_values:\n"
                + "  db: {host: db1.example, port: 5432}\n"
                + "hostgroup:\n"
                + "  web: [" + hosts + "]\n"
                + "service:\n"
                + "  demo-web:\n"
                + "    hostgroups: [web]\n"
                + "    install_location: " + root + "/{hostname}\n"
                + "    template_values: {" + serviceValues + "}\n"
                + "    templates:\n"
                + "      - {src: app.conf.mustache, dest: app.conf, mode: \"0640\"}\n"
                + ssh.clientConfigYaml();
    }

    @Test
    @Order(1)
    void theTemplateIsRenderedIntoEachHostsRelease() throws Exception {
        CliProcess.Result r = deploy("--config", config.toString(), "--directory", packages.resolve("v1").toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("Starting stage: Render config templates");
        for (OpenSshServers.Host h : ssh.hosts()) {
            Path release = root.resolve(h.address()).resolve("demo-web_" + V1);
            assertThat(Files.readSymbolicLink(root.resolve(h.address()).resolve("demo-web"))).isEqualTo(release);
            Path file = release.resolve("app.conf");
            assertThat(file).hasContent("version=" + V1 + "\nhost=" + h.address() + "\ndb=db1.example:5432\nrelease=" + release + "\nhello\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        }
    }

    @Test
    @Order(2)
    void aDryRunWithDiffOfTheNextReleaseShowsEachHostsDiffAndChangesNothing() throws Exception {
        Files.writeString(config, yaml("greeting: bonjour"));

        CliProcess.Result r = deploy("--config", config.toString(), "--directory", packages.resolve("v2").toString(), "--dry-run", "--diff");

        assertThat(r.exitCode()).as(r.all()).isZero();
        for (OpenSshServers.Host h : ssh.hosts()) {
            Path current = root.resolve(h.address()).resolve("demo-web");
            String section = r.stdout().substring(r.stdout().indexOf("# upload_template on " + h.remoteHost() + " [demo-web]"));
            // Both sides name the file where it is live: the current release's now, the new release's after the switch.
            assertThat(section).startsWith("# upload_template on " + h.remoteHost() + " [demo-web]\n"
                    + "--- " + h.remoteHost() + ":" + current + "/app.conf\n"
                    + "+++ " + h.remoteHost() + ":" + current + "/app.conf (rendered from " + work.resolve("app.conf.mustache") + ")\n");
            assertThat(section).contains("-version=" + V1 + "\n+version=" + V2 + "\n", "-hello\n", "+bonjour\n");
        }
        assertThat(r.stdout()).endsWith("Dry run: 2 of 2 file(s) would change; nothing was changed\n");
        // Nothing moved: still v1 everywhere, no v2 release, no upload, no lock.
        for (OpenSshServers.Host h : ssh.hosts()) {
            Path hostRoot = root.resolve(h.address());
            assertThat(Files.readSymbolicLink(hostRoot.resolve("demo-web")).getFileName().toString()).isEqualTo("demo-web_" + V1);
            try (Stream<Path> files = Files.list(hostRoot)) {
                assertThat(files.map(p -> p.getFileName().toString()).toList()).doesNotContain("demo-web_" + V2)
                        .noneMatch(n -> n.startsWith(".deploy-lock"));
            }
            assertThat(hostRoot.resolve("demo-web_" + V1 + "/app.conf")).content().contains("hello");
        }
        assertThat(r.stderr()).doesNotContain("Starting stage: Upload packages");
        // Each diff once, on stdout: the log's line of each preview task says where it went, not the diff again.
        assertThat(r.stderr()).doesNotContain("+bonjour", "-hello", "+version=");
        assertThat(r.stderr()).containsPattern("Finished task 4\\.\\d upload_template on .* in [0-9.]+ s: --- .*/app\\.conf … \\(\\d+ more lines\\)");
    }

    @Test
    @Order(3)
    void aValueNoConfigGivesIsRefusedBeforeAnythingRuns() throws Exception {
        Files.writeString(work.resolve("app.conf.mustache"), TEMPLATE + "{{greting}}\n");
        try {
            CliProcess.Result r = deploy("--config", config.toString(), "--directory", packages.resolve("v2").toString());

            assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
            assertThat(r.stderr()).contains("app.conf.mustache:6: no value for 'greting' (did you mean 'greeting'?)");
            assertThat(r.stderr()).doesNotContain("Starting stage");
            for (OpenSshServers.Host h : ssh.hosts()) {
                assertThat(Files.readSymbolicLink(root.resolve(h.address()).resolve("demo-web")).getFileName().toString())
                        .isEqualTo("demo-web_" + V1);
            }
        } finally {
            Files.writeString(work.resolve("app.conf.mustache"), TEMPLATE);
        }
    }

    private static CliProcess.Result deploy(String... args) {
        return CliProcess.deploy(work.resolve("cli"), args);
    }

}
