package deployer.tests.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deployer.generators.inventory.InventoryJson;
import deployer.generators.inventory.InventoryReader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our resolved inventory equals what the real {@code ansible-inventory -i PATH --list} prints for the same sources
 * (groups with hosts and children, every host's variables), on INI, YAML, a directory with group_vars/host_vars and
 * dynamic scripts with and without {@code _meta}. ansible-core is installed by bin/run-tests.
 */
class AnsibleInventoryParityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"ini", "yaml", "directory", "script-meta", "script-host"})
    void ourListingEqualsAnsibleInventoryList(String sample) throws Exception {
        Path source = sample(sample);
        JsonNode ours = JSON.readTree(InventoryJson.list(new InventoryReader(Duration.ofSeconds(30)).read(List.of(source))));
        JsonNode theirs = JSON.readTree(ansibleInventory(source));
        assertThat(ours).isEqualTo(theirs);
    }

    private Path sample(String name) throws IOException {
        switch (name) {
            case "ini":
                return write("hosts", """
                        # comment
                        lonely ansible_host=10.0.0.9
                        [web]
                        web[01:03].example.com ansible_user=deploy
                        db1:2222 x="a b" n=5 t=True f=1.5 q='"quoted"'
                        [web:vars]
                        http_port=8080
                        ansible_user=webuser
                        [prod:children]
                        web
                        edge
                        [edge]
                        node-[a:c] ansible_port=2201
                        [empty]
                        ; another comment
                        """);
            case "yaml":
                return write("inv.yml", """
                        all:
                          vars:
                            level: all
                          hosts:
                            solo:
                          children:
                            app:
                              vars:
                                level: app
                                list: [1, 2]
                              hosts:
                                app[1:3]:
                                  ansible_port: 2201
                              children:
                                canary:
                                  hosts:
                                    app1:
                                      level: host
                        """);
            case "directory":
                write("inv/10-hosts", "[parent:children]\nchild\n[child]\nh1\nh2 ansible_host=127.0.0.3\n[parent:vars]\nv=parent\nw=inline\n");
                write("inv/20-more.yml", "child:\n  vars:\n    v: child\n  hosts:\n    h3:\n");
                write("inv/skipped.ini", "[skipped]\nnope\n");
                write("inv/notes.txt", "not an inventory\n");
                write("inv/group_vars/all.yml", "a: from-all-file\nw: all-file\n");
                write("inv/group_vars/parent/main.yml", "w: parent-file\n");
                write("inv/host_vars/h2.yaml", "v: host-file\n");
                return dir.resolve("inv");
            case "script-meta":
                return script("meta.sh", "echo '{\"web\": {\"hosts\": [\"w1\", \"w2\"], \"vars\": {\"p\": 1}, \"children\": [\"edge\"]},"
                        + " \"edge\": [\"e1\"], \"_meta\": {\"hostvars\": {\"w1\": {\"ansible_host\": \"127.0.0.5\", \"ansible_port\": 22}}}}'\n");
            default:
                return script("host.sh", """
                        case "$1" in
                          --list) echo '{"db": {"hosts": ["d1", "d2"], "vars": {"role": "db"}}}' ;;
                          --host) echo "{\\"ansible_host\\": \\"10.1.1.$(echo $2 | tr -d d)\\"}" ;;
                        esac
                        """);
        }
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private Path script(String name, String body) throws IOException {
        Path p = write(name, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private String ansibleInventory(Path source) throws Exception {
        Process p = new ProcessBuilder("ansible-inventory", "-i", source.toString(), "--list")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("ansible-inventory on %s", source).isZero();
        return out;
    }
}
