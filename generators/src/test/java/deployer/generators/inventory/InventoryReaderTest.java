package deployer.generators.inventory;

import deployer.core.model.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryReaderTest {

    @TempDir
    Path dir;

    private Inventory read(Path... sources) throws InvalidInputException {
        return new InventoryReader(Duration.ofSeconds(10)).read(List.of(sources));
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

    @Test
    void iniGroupsRangesChildrenAndVarsBecomeHostsWithResolvedVariables() throws Exception {
        Path ini = write("hosts", """
                # a comment
                lonely ansible_host=10.0.0.9
                [web]
                web[01:03].example.com ansible_user=deploy
                db1:2222 x="a b" n=5 t=True ; not a comment in a value? it is a key
                [web:vars]
                http_port=8080
                ansible_user=webuser
                [prod:children]
                web
                [letters]
                node-[a:c]
                """.replace(" ; not a comment in a value? it is a key", ""));
        Inventory inv = read(ini);
        assertThat(inv.groups().get("web").hosts()).containsExactly("web01.example.com", "web02.example.com", "web03.example.com", "db1");
        assertThat(inv.groups().get("prod").children()).containsExactly("web");
        assertThat(inv.groups().get("all").children()).containsExactly("ungrouped", "prod", "letters");
        assertThat(inv.groups().get("ungrouped").hosts()).containsExactly("lonely");
        assertThat(inv.groups().get("letters").hosts()).containsExactly("node-a", "node-b", "node-c");
        assertThat(inv.hostsOf("prod")).containsExactly("web01.example.com", "web02.example.com", "web03.example.com", "db1");
        InventoryHost db1 = inv.hosts().get("db1");
        assertThat(db1.value("ansible_port")).isEqualTo(2222L);
        assertThat(db1.value("x")).isEqualTo("a b");
        assertThat(db1.value("n")).isEqualTo(5L);
        assertThat(db1.value("t")).isEqualTo(true);
        assertThat(db1.value("ansible_user")).isEqualTo("webuser");
        assertThat(inv.hosts().get("web01.example.com").value("ansible_user")).isEqualTo("deploy");
        assertThat(inv.hosts().get("web01.example.com").vars().get("ansible_user").origin()).isEqualTo(ini + ":4");
        assertThat(db1.vars().get("http_port").origin()).isEqualTo(ini + ":7");
    }

    @Test
    void steppedAndPaddedRangesExpandAsAnsibleDoes() throws Exception {
        assertThat(HostPattern.expand("db[01:10:3]x").hosts()).containsExactly("db01x", "db04x", "db07x", "db10x");
        assertThat(HostPattern.expand("r[1:2]-[a:b]").hosts()).containsExactly("r1-a", "r1-b", "r2-a", "r2-b");
        assertThat(HostPattern.expand("h:22").port()).isEqualTo(22);
        assertThat(HostPattern.expand("[::1]:2200").hosts()).containsExactly("::1");
    }

    @Test
    void aRangeThatDoesNotParseIsLocated() throws Exception {
        Path ini = write("bad", "[web]\nok\nweb[01:3].x\n");
        assertThatThrownBy(() -> read(ini)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(ini + ":3").hasMessageContaining("web[01:3].x").hasMessageContaining("equal length");
        Path ini2 = write("bad2", "[web]\nweb[1-3]\n");
        assertThatThrownBy(() -> read(ini2)).hasMessageContaining(ini2 + ":2").hasMessageContaining("begin:end");
    }

    @Test
    void cyclicChildrenAreRefusedWhereTheLoopCloses() throws Exception {
        Path ini = write("cyc", "[a:children]\nb\n[b:children]\nc\n[c:children]\na\n");
        assertThatThrownBy(() -> read(ini)).hasMessageContaining(ini + ":6").hasMessageContaining("a → b → c → a");
    }

    @Test
    void iniMistakesAreLocated() throws Exception {
        Path unknown = write("u", "[web:childs]\nx\n");
        assertThatThrownBy(() -> read(unknown)).hasMessageContaining(unknown + ":1").hasMessageContaining("unknown type");
        Path undefined = write("d", "[p:children]\nnothere\n");
        assertThatThrownBy(() -> read(undefined)).hasMessageContaining(undefined + ":2").hasMessageContaining("undefined group: nothere");
        Path noValue = write("v", "[web]\nh1 novalue\n");
        assertThatThrownBy(() -> read(noValue)).hasMessageContaining(noValue + ":2").hasMessageContaining("key=value");
        assertThatThrownBy(() -> read(dir.resolve("absent.ini"))).hasMessageContaining("absent.ini").hasMessageContaining("not found");
    }

    @Test
    void yamlGroupsWithChildrenHostsAndVars() throws Exception {
        Path y = write("inv.yml", """
                all:
                  vars:
                    level: all
                  hosts:
                    solo:
                  children:
                    app:
                      vars:
                        level: app
                      hosts:
                        app[1:2]:
                          ansible_port: 2201
                      children:
                        canary:
                          hosts:
                            app1:
                              level: host
                """);
        Inventory inv = read(y);
        assertThat(inv.groups().get("all").children()).containsExactly("ungrouped", "app");
        assertThat(inv.groups().get("app").children()).containsExactly("canary");
        assertThat(inv.groups().get("ungrouped").hosts()).containsExactly("solo");
        assertThat(inv.hosts().get("app1").value("level")).isEqualTo("host");
        assertThat(inv.hosts().get("app2").value("level")).isEqualTo("app");
        assertThat(inv.hosts().get("solo").value("level")).isEqualTo("all");
        assertThat(inv.hosts().get("app2").value("ansible_port")).isEqualTo(2201L);
    }

    @Test
    void childGroupVariablesWinOverParentsAndGroupVarsFilesOverInline() throws Exception {
        Path d = dir.resolve("inv");
        write("inv/10-hosts", "[parent:children]\nchild\n[child]\nh1\nh2\n[parent:vars]\nv=parent\nw=inline\n");
        write("inv/20-more.yml", "child:\n  vars:\n    v: child\n");
        write("inv/skipped.ini", "[skipped]\nnope\n");
        write("inv/notes.txt", "not an inventory\n");
        write("inv/.hidden", "[hidden]\nnope\n");
        write("inv/group_vars/all.yml", "a: from-all-file\nw: all-file\n");
        write("inv/group_vars/parent/main.yml", "w: parent-file\n");
        write("inv/host_vars/h2.yaml", "v: host-file\n");
        Inventory inv = read(d);
        assertThat(inv.groups()).doesNotContainKeys("skipped", "hidden");
        assertThat(inv.hosts().get("h1").value("v")).isEqualTo("child");
        assertThat(inv.hosts().get("h2").value("v")).isEqualTo("host-file");
        assertThat(inv.hosts().get("h1").value("w")).isEqualTo("parent-file");
        assertThat(inv.hosts().get("h1").value("a")).isEqualTo("from-all-file");
        assertThat(inv.hosts().get("h2").vars().get("v").origin()).isEqualTo(d.resolve("host_vars/h2.yaml") + ":1");
    }

    @Test
    void laterSourcesWin() throws Exception {
        Path one = write("one", "[g]\nh v=one\n");
        Path two = write("two", "[g]\nh v=two\n[g2]\nh\n");
        Inventory inv = read(one, two);
        assertThat(inv.hosts().get("h").value("v")).isEqualTo("two");
        assertThat(inv.groups().get("g").hosts()).containsExactly("h");
    }

    @Test
    void aScriptWithMetaRunsOnceWithList() throws Exception {
        Path calls = dir.resolve("calls");
        Path s = script("dyn.sh", "echo \"$@\" >> " + calls + "\n"
                + "echo '{\"web\": {\"hosts\": [\"w1\"], \"vars\": {\"p\": 1}, \"children\": [\"edge\"]}, \"edge\": [\"e1\"],"
                + " \"_meta\": {\"hostvars\": {\"w1\": {\"ansible_host\": \"127.0.0.5\"}}}}'\n");
        Inventory inv = read(s);
        assertThat(inv.hostsOf("web")).containsExactly("w1", "e1");
        assertThat(inv.hosts().get("w1").value("ansible_host")).isEqualTo("127.0.0.5");
        assertThat(inv.hosts().get("e1").value("p")).isEqualTo(1L);
        assertThat(Files.readAllLines(calls)).containsExactly("--list");
    }

    @Test
    void aScriptWithoutMetaIsAskedPerHost() throws Exception {
        Path s = script("dyn.sh", """
                case "$1" in
                  --list) echo '{"db": ["d1", "d2"]}' ;;
                  --host) echo "{\\"ansible_host\\": \\"10.1.1.$(echo $2 | tr -d d)\\"}" ;;
                esac
                """);
        Inventory inv = read(s);
        assertThat(inv.hosts().get("d2").value("ansible_host")).isEqualTo("10.1.1.2");
    }

    @Test
    void aFailingScriptIsNamedWithTheEndOfItsStderr() throws Exception {
        Path s = script("fails.sh", "echo first >&2\necho 'cloud API said no' >&2\nexit 3\n");
        assertThatThrownBy(() -> read(s)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(s.toString()).hasMessageContaining("exit 3").hasMessageContaining("cloud API said no");
    }

    @Test
    void aScriptPrintingBadJsonIsNamed() throws Exception {
        Path s = script("bad.sh", "echo '{\"web\": ['\n");
        assertThatThrownBy(() -> read(s)).hasMessageContaining(s + " --list").hasMessageContaining("JSON");
    }

    @Test
    void aHangingScriptTimesOut() throws Exception {
        Path s = script("hangs.sh", "sleep 60\n");
        assertThatThrownBy(() -> new InventoryReader(Duration.ofSeconds(1)).read(List.of(s)))
                .hasMessageContaining(s.toString()).hasMessageContaining("inventory_timeout");
    }
}
