package deployer.core.config;

import deployer.core.json.Node;
import deployer.core.json.NodeReader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EnvironmentOverlayTest {

    @Test
    void mappingsMergeListsAreReplacedNullsRemoveAndValuesKeepTheirFiles() throws Exception {
        Node base = NodeReader.readYaml("a: {x: 1, y: [1, 2], z: keep}\nb: gone\nc: stays\n", "base.yaml");
        Node overlay = NodeReader.readYaml("a: {y: [3], z: ~}\nb:\nd: new\n", "env.yaml");

        Node merged = EnvironmentOverlay.apply(base, overlay);

        assertThat(merged.toPlain()).isEqualTo(Map.of("a", Map.of("x", 1L, "y", List.of(3L)), "c", "stays", "d", "new"));
        assertThat(merged.asMap().get("a").asMap().get("x").location().file()).isEqualTo("base.yaml");
        assertThat(merged.asMap().get("a").asMap().get("y").location().toString()).isEqualTo("env.yaml:1:5");
    }
}
