package deployer.core.config.secrets;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsFileTest {

    private static final byte[] PLAIN = "db_password: hunter2\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void aKeyRoundTripsAndEachEncryptionHasAFreshNonce() throws Exception {
        SecretsKey key = SecretsKey.fromText(SecretsFile.newKey(), "test");
        byte[] one = SecretsFile.encrypt(PLAIN, key);
        byte[] two = SecretsFile.encrypt(PLAIN, key);

        assertThat(SecretsFile.decrypt(one, key)).isEqualTo(PLAIN);
        assertThat(one).isNotEqualTo(two);
        assertThat(new String(one, StandardCharsets.US_ASCII)).doesNotContain("hunter2");
    }

    @Test
    void everyChangedByteOfHeaderOrBodyFailsAsWrongKeyOrDamagedNeverAsOtherText() {
        SecretsKey key = SecretsKey.fromText(SecretsFile.newKey(), "test");
        byte[] good = SecretsFile.encrypt(PLAIN, key);
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            int at = i;
            assertThatThrownBy(() -> SecretsFile.decrypt(bad, key)).as("byte %d", at)
                    .isInstanceOf(SecretsFile.DecryptException.class)
                    .hasMessageContaining("damaged");
        }
    }

    @Test
    void aPassphraseFileRecordsItsIterationsAndAKeyOfTheOtherKindIsRefused() throws Exception {
        SecretsKey pass = SecretsKey.fromText("not a base64 key", "test");
        byte[] sealed = SecretsFile.encrypt(PLAIN, pass);

        assertThat(pass.isPassphrase()).isTrue();
        assertThat(new String(sealed, StandardCharsets.US_ASCII)).startsWith("deployer-secrets v1 aes-256-gcm kdf=pbkdf2-sha256 iterations=600000 salt=");
        assertThat(SecretsFile.decrypt(sealed, SecretsKey.passphrase("not a base64 key".toCharArray(), "again"))).isEqualTo(PLAIN);
        assertThatThrownBy(() -> SecretsFile.decrypt(sealed, SecretsKey.fromText(SecretsFile.newKey(), "k")))
                .hasMessageStartingWith("wrong key or file damaged");
    }
}
