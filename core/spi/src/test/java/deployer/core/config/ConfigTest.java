package deployer.core.config;

import deployer.core.model.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {

    @Test
    void theSpecExampleLoadsWithItsPlatformAndServices() throws Exception {
        Config c = ConfigLoader.fromYaml("""
                platform: test

                hostgroup:
                    frontend:
                    - fe001
                    - fe002

                service:
                    web1-frontend:
                        hosts: [frontend]
                        port: 8080
                """, "test.yaml");
        assertThat(c.string("platform")).contains("test");
        assertThat(c.strings("hostgroup", "frontend")).containsExactly("fe001", "fe002");
        assertThat(c.integer("service", "web1-frontend", "port")).contains(8080L);
        assertThat(c.location("service", "web1-frontend", "port").toString()).isEqualTo("test.yaml:11:9");
    }

    @Test
    void anOptionLeftOutNeverOverwritesAConfigKeyAndATypedOneWins() throws Exception {
        Config c = ConfigLoader.fromYaml("platform: x\nredeploy: false\ndeploy_concurrency: 4\n", "c.yaml");
        Config merged = c.withCommandLine(Map.of("deploy_concurrency", 9));
        assertThat(merged.integer("deploy_concurrency")).contains(9L);
        assertThat(merged.bool(true, "redeploy")).isFalse();
        assertThat(merged.location("deploy_concurrency").toString()).isEqualTo("command line");
    }

    @Test
    void defaultsMixInByKeyAndByValueWithExplicitValuesWinning() throws Exception {
        Config c = ConfigLoader.fromYaml("""
                platform: x
                service_defaults:
                    install_location: /opt
                    control_timeout: 60
                backend_defaults:
                    port: 8000
                    control_timeout: 120
                    category_extra: worker
                worker_defaults:
                    nice: 10
                service:
                    api:
                        category: backend
                        port: 9000
                    web:
                        install_location: /srv
                """, "c.yaml");
        assertThat(c.string("service", "api", "install_location")).contains("/opt");
        assertThat(c.integer("service", "api", "port")).contains(9000L);
        assertThat(c.integer("service", "api", "control_timeout")).contains(120L);
        assertThat(c.integer("service", "api", "nice")).as("a mixed-in value pulls its own defaults").contains(10L);
        assertThat(c.string("service", "web", "install_location")).contains("/srv");
        assertThat(c.integer("service", "web", "control_timeout")).contains(60L);
        assertThat(c.has("service", "web", "port")).isFalse();
    }

    @Test
    void aMissingPlatformIsAnError() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml("hostgroup: {}\n", "c.yaml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("c.yaml: the config needs 'platform: NAME' (it picks the generator)");
    }

    @Test
    void brokenYamlSaysLineAndColumn() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml("platform: x\nservice:\n  web: [a, b\n  api: 1\n", "c.yaml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("c.yaml:4:");
    }

    @Test
    void wrongTypesNameTheKeyAndWhereItIs() throws Exception {
        Config c = ConfigLoader.fromYaml("platform: x\nkeep_versions: many\n", "c.yaml");
        assertThatThrownBy(() -> c.integer("keep_versions"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("c.yaml:2:1 keep_versions: expected a whole number, got string");
        assertThat(c.strings("nothing")).isEqualTo(List.of());
    }
}
