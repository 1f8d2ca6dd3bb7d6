package deployer.core.config.secrets;

import deployer.core.config.Config;
import deployer.core.config.ConfigLoader;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.core.model.Secret;
import deployer.core.spi.Secrets;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Issue 26.17 and 20.5: an unknown {@code ${secret:NAME}} is found at validation, once, where the config writes it. */
class ConfigSecretsTest {

    private static final Secrets STAGING = new Secrets() {
        @Override
        public Optional<Secret> get(String name) {
            return name.equals("db_password") ? Optional.of(Secret.of("s3cret")) : Optional.empty();
        }

        @Override
        public Set<String> names() {
            return Set.of("db_password");
        }

        @Override
        public String source() {
            return "secrets/staging.yaml.enc";
        }
    };

    @Test
    void anUnknownSecretIsReportedAtTheConfigLineOnceForEachPlaceItIsWritten() throws Exception {
        Config config = ConfigLoader.fromYaml("""
                platform: demo
                service:
                  web:
                    start_command: "run --db ${secret:db_password} --token ${secret:api_token}"
                    hooks: [{run: "notify ${secret:api_token}"}]
                """, "c.yaml");
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> ConfigSecrets.requireKnown(config, STAGING));
        assertThat(e).isNotNull();
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "c.yaml:4:5 service.web.start_command: unknown secret 'api_token' in ${secret:api_token}; secrets/staging.yaml.enc holds: db_password",
                "c.yaml:5:14 service.web.hooks[0].run: unknown secret 'api_token' in ${secret:api_token}; secrets/staging.yaml.enc holds: db_password");
    }

    @Test
    void knownSecretsPass() throws Exception {
        Config config = ConfigLoader.fromYaml("platform: demo\nuser: deploy\nnotify: {url: \"${secret:db_password}\"}\n", "c.yaml");
        assertThatCode(() -> ConfigSecrets.requireKnown(config, STAGING)).doesNotThrowAnyException();
    }
}
