package deployer.core.json;

import deployer.core.model.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** YAML anchors, aliases and merge keys read as YAML defines them, bounded against expansion bombs. */
class NodeReaderYamlAliasTest {

    private static Node yaml(String text) throws InvalidInputException {
        return NodeReader.readYaml(text, "c.yaml");
    }

    private static List<Object> values(Node list) {
        return list.asList().stream().map(Node::value).toList();
    }

    @Test
    void anAliasOfAListIsThatList() throws InvalidInputException {
        Node root = yaml("prod: &prod [be001, be002]\nweb:\n  hosts: *prod\n");
        assertThat(values(root.asMap().get("web").asMap().get("hosts"))).containsExactly("be001", "be002");
    }

    @Test
    void anAliasOfAScalarIsThatScalarNotItsName() throws InvalidInputException {
        Node root = yaml("a: &loc /srv/app\nb: *loc\nn: &n 3\nm: *n\n");
        assertThat(root.asMap().get("b").value()).isEqualTo("/srv/app");
        assertThat(root.asMap().get("m").value()).isEqualTo(3L);
    }

    @Test
    void anAliasKeepsTheLocationWhereItIsWritten() throws InvalidInputException {
        Node root = yaml("a: &loc /srv/app\nb: *loc\n");
        assertThat(root.asMap().get("b").location().line()).isEqualTo(2);
    }

    @Test
    void mergeKeysMixAMappingInAndTheMappingsOwnKeysWin() throws InvalidInputException {
        Node root = yaml("""
                base: &base {port: 80, start: go}
                web:
                  <<: *base
                  port: 8080
                """);
        Node web = root.asMap().get("web");
        assertThat(web.asMap()).containsOnlyKeys("port", "start");
        assertThat(web.asMap().get("port").value()).isEqualTo(8080L);
        assertThat(web.asMap().get("start").value()).isEqualTo("go");
    }

    @Test
    void aListOfMergedMappingsGivesTheEarlierOnePrecedence() throws InvalidInputException {
        Node root = yaml("""
                a: &a {x: 1}
                b: &b {x: 2, y: 2}
                c:
                  <<: [*a, *b]
                """);
        Node c = root.asMap().get("c");
        assertThat(c.asMap().get("x").value()).isEqualTo(1L);
        assertThat(c.asMap().get("y").value()).isEqualTo(2L);
    }

    @Test
    void mergingSomethingOtherThanAMappingIsALocatedError() {
        assertThatThrownBy(() -> yaml("a: &a [1]\nc:\n  <<: *a\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("c.yaml:3:")
                .hasMessageContaining("'<<' (merge key) expects a mapping or a list of mappings");
    }

    @Test
    void anUnknownAliasIsALocatedError() {
        assertThatThrownBy(() -> yaml("hosts: *prod\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("c.yaml:1:")
                .hasMessageContaining("unknown alias *prod");
    }

    @Test
    void anExpansionBombIsRefusedAtItsLocation() {
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 9; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        assertThatThrownBy(() -> yaml(bomb.toString()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("c.yaml:")
                .hasMessageContaining("aliases expand to more than");
    }
}
