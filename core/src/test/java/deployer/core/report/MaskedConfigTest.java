package deployer.core.report;

import deployer.core.model.Secret;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MaskedConfigTest {

    @Test
    void valuesUnderKeysThatNameASecretAreMaskedWhereverTheyAre() {
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("host", "db1");
        db.put("password", "hunter2");
        db.put("api_token", 12345L);
        db.put("credentials", Map.of("user", "u", "key", "k"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("platform", "tarball");
        config.put("service", Map.of("web", db));
        config.put("ssh", Map.of("passphrase_file", "/etc/deployer/passphrase"));
        config.put("vault", Secret.of("s3"));
        config.put("hosts", List.of("a", "b"));

        Object masked = MaskedConfig.of(config, List.of());

        assertThat(masked).isEqualTo(Map.of(
                "platform", "tarball",
                "service", Map.of("web", Map.of("host", "db1", "password", "********", "api_token", "********",
                        "credentials", Map.of("user", "********", "key", "********"))),
                "ssh", Map.of("passphrase_file", "/etc/deployer/passphrase"),
                "vault", "********",
                "hosts", List.of("a", "b")));
    }

    @Test
    void aSensitiveValueOfThePlanIsMaskedWhereverTheConfigHoldsIt() {
        Object masked = MaskedConfig.of(Map.of("notify", Map.of("url", "https://hooks/T0k3n-xyz/post")), List.of("T0k3n-xyz"));

        assertThat(masked).isEqualTo(Map.of("notify", Map.of("url", "https://hooks/********/post")));
    }
}
