package deployer.tests.ssh;

import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code upload_template} on two real OpenSSH hosts through the real deploy CLI: the rendered file and its mode on
 * each host; an unchanged file is not written again (its mtime and inode kept); {@code --dry-run --diff} shows each
 * host's diff and changes nothing; a value the template uses but the task does not give is refused before anything
 * runs. The hosts share this machine, so each renders into its own directory.
 */
@Tag("sshd")
class UploadTemplateSshTest {

    static final String TEMPLATE = """
            # {{servicename}} on {{hostname}}
            db.host={{db.host}}
            db.port={{db.port}}
            {{#peers}}
            peer={{.}}
            {{/peers}}
            """;

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(2);

    @TempDir
    static Path work;
    static Path config;
    static Path template;
    static Path root;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeTheTemplateAndTheConfig() throws Exception {
        template = Files.writeString(work.resolve("app.conf.mustache"), TEMPLATE);
        config = SshPlans.config(work.resolve("ssh.yaml"), ssh.clientConfigYaml());
        root = ssh.writableDir("templates");
    }

    @Test
    void theRenderedFileHasItsContentAndModeOnEachHost() throws Exception {
        Path plan = plan(dir.resolve("plan.json"), "one", "db1.example", 5432);

        CliProcess.Result r = deploy("--tasklist", plan.toString(), "--config", config.toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        for (OpenSshServers.Host h : ssh.hosts()) {
            Path file = target("one", h);
            assertThat(file).hasContent("# web on " + h.address() + "\ndb.host=db1.example\ndb.port=5432\npeer=a\npeer=b\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
            assertThat(Files.getOwner(file).getName()).isEqualTo(ssh.user());
            assertThat(r.stderr()).contains("changed: wrote ", "to " + file);
        }
        // Written through a temporary file beside it, which the rename consumed.
        assertThat(Files.list(target("one", ssh.host(0)).getParent()).map(p -> p.getFileName().toString()))
                .containsExactly("app.conf");
    }

    @Test
    void anUnchangedFileIsNotWrittenAgain() throws Exception {
        Path plan = plan(dir.resolve("plan.json"), "two", "db1.example", 5432);
        assertThat(deploy("--tasklist", plan.toString(), "--config", config.toString()).exitCode()).isZero();
        FileTime old = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));
        List<Object> inodes = new ArrayList<>();
        for (OpenSshServers.Host h : ssh.hosts()) {
            Files.setLastModifiedTime(target("two", h), old);
            inodes.add(Files.readAttributes(target("two", h), "unix:ino").get("ino"));
        }

        CliProcess.Result again = deploy("--tasklist", plan.toString(), "--config", config.toString());

        assertThat(again.exitCode()).as(again.all()).isZero();
        for (int i = 0; i < 2; i++) {
            Path file = target("two", ssh.host(i));
            assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);
            assertThat(Files.readAttributes(file, "unix:ino").get("ino")).isEqualTo(inodes.get(i));
            assertThat(again.stderr()).contains("unchanged: " + file);
        }
        assertThat(again.stderr()).doesNotContain("changed: wrote");
    }

    @Test
    void aDryRunWithDiffShowsEachHostsDiffAndChangesNothing() throws Exception {
        assertThat(deploy("--tasklist", plan(dir.resolve("v1.json"), "three", "db1.example", 5432).toString(),
                "--config", config.toString()).exitCode()).isZero();
        // Host 2's file was edited by hand since: its diff shows that edit going away too.
        Path edited = target("three", ssh.host(1));
        Files.writeString(edited, Files.readString(edited).replace("peer=b\n", "peer=b\nmanual=1\n"));
        FileTime old = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));
        Map<Path, String> before = new LinkedHashMap<>();
        for (OpenSshServers.Host h : ssh.hosts()) {
            Files.setLastModifiedTime(target("three", h), old);
            before.put(target("three", h), Files.readString(target("three", h)));
        }
        Path v2 = plan(dir.resolve("v2.json"), "three", "db2.example", 5432);

        CliProcess.Result r = deploy("--tasklist", v2.toString(), "--config", config.toString(), "--dry-run", "--diff");

        assertThat(r.exitCode()).as(r.all()).isZero();
        String out = r.stdout();
        for (OpenSshServers.Host h : ssh.hosts()) {
            String path = target("three", h).toString();
            assertThat(out).contains("# upload_template on " + h.remoteHost() + " [web]\n"
                    + "--- " + h.remoteHost() + ":" + path + "\n"
                    + "+++ " + h.remoteHost() + ":" + path + " (rendered from " + template + ")\n");
        }
        String host2 = out.substring(out.indexOf("# upload_template on " + ssh.host(1).remoteHost()));
        String host1 = out.substring(out.indexOf("# upload_template on " + ssh.host(0).remoteHost()), out.indexOf("# upload_template on " + ssh.host(1).remoteHost()));
        assertThat(host1).contains("-db.host=db1.example\n+db.host=db2.example\n").doesNotContain("manual=1");
        assertThat(host2).contains("-db.host=db1.example\n+db.host=db2.example\n", "-manual=1\n");
        assertThat(out).endsWith("Dry run: 2 of 2 file(s) would change; nothing was changed\n");
        before.forEach((file, content) -> {
            assertThat(file).hasContent(content);
            assertThat(uncheckedMtime(file)).isEqualTo(old);
        });
        // Nothing but the previews ran: no temporary file beside the targets.
        assertThat(Files.list(target("three", ssh.host(0)).getParent()).map(p -> p.getFileName().toString())).containsExactly("app.conf");
    }

    @Test
    void aMissingValueIsRefusedBeforeAnythingRuns() throws Exception {
        Path marker = root.resolve("four-ran");
        Map<String, Object> first = SshPlans.task(ssh.host(0).remoteHost(), "touch " + marker);
        Map<String, Object> render = renderTask(ssh.host(0), "four", Map.of("db", Map.of("host", "x", "prot", 1), "peers", List.of()));
        Path plan = SshPlans.tasklist(dir.resolve("plan.json"), "Missing value", List.of(
                SshPlans.stage("First", 1, 1, List.of(first)), SshPlans.stage("Render", 1, 1, List.of(render))));
        int loginsBefore = ssh.logins(0);

        CliProcess.Result r = deploy("--tasklist", plan.toString(), "--config", config.toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("template " + template + ":3: no value for 'db.port' (did you mean 'db.prot'?)");
        assertThat(r.stderr()).doesNotContain("Starting stage");
        assertThat(marker).doesNotExist();
        assertThat(target("four", ssh.host(0))).doesNotExist();
        assertThat(ssh.logins(0)).as("no SSH login at all").isEqualTo(loginsBefore);
    }

    private static FileTime uncheckedMtime(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path plan(Path file, String name, String dbHost, int dbPort) throws Exception {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (OpenSshServers.Host h : ssh.hosts()) {
            // The login user writes there; the test (root) reads.
            ssh.writableDir("templates/" + name + "/" + h.address());
            tasks.add(renderTask(h, name, Map.of("db", Map.of("host", dbHost, "port", dbPort), "peers", List.of("a", "b"))));
        }
        return SshPlans.tasklist(file, "Render " + name, List.of(SshPlans.stage("Render", 2, 1, tasks)));
    }

    private static Map<String, Object> renderTask(OpenSshServers.Host h, String name, Map<String, Object> values) {
        Map<String, Object> all = new LinkedHashMap<>(values);
        all.put("servicename", "web");
        all.put("hostname", h.address());
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("command", "upload_template");
        t.put("remote_host", h.remoteHost());
        t.put("tag", "web");
        t.put("template", template.toString());
        t.put("destination", target(name, h).toString());
        t.put("values", all);
        t.put("mode", "0640");
        // The login user may chown only to itself: enough to show the owner is set and compared.
        t.put("owner", ssh.user());
        return t;
    }

    private static Path target(String name, OpenSshServers.Host h) {
        return root.resolve(name).resolve(h.address()).resolve("app.conf");
    }

    private static CliProcess.Result deploy(String... args) {
        return CliProcess.deploy(work.resolve("cli"), args);
    }
}
