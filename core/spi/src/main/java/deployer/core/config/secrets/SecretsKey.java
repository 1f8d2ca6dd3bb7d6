package deployer.core.config.secrets;

import java.util.Arrays;
import java.util.Base64;

/**
 * What a secrets file is locked with: a 256-bit key (a key file or {@code DEPLOYER_SECRETS_KEY} holding it in
 * base64, as {@code deploy secrets genkey} prints it) or a passphrase (anything else), stretched by PBKDF2. Knows
 * where it came from, for messages; never shows itself.
 */
public final class SecretsKey {

    private final byte[] raw;
    private final char[] passphrase;
    private final String origin;

    private SecretsKey(byte[] raw, char[] passphrase, String origin) {
        this.raw = raw;
        this.passphrase = passphrase;
        this.origin = origin;
    }

    /** Key text from a file or the environment: base64 of exactly 32 bytes is a key, anything else a passphrase. */
    public static SecretsKey fromText(String text, String origin) {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException(origin + " is empty");
        }
        try {
            byte[] decoded = Base64.getDecoder().decode(t);
            if (decoded.length == 32) {
                return new SecretsKey(decoded, null, origin);
            }
        } catch (IllegalArgumentException notBase64) {
            // a passphrase
        }
        return passphrase(t.toCharArray(), origin);
    }

    public static SecretsKey passphrase(char[] passphrase, String origin) {
        if (passphrase.length == 0) {
            throw new IllegalArgumentException(origin + " is empty");
        }
        return new SecretsKey(null, passphrase.clone(), origin);
    }

    public boolean isPassphrase() {
        return passphrase != null;
    }

    byte[] raw() {
        return raw.clone();
    }

    char[] passphraseChars() {
        return passphrase.clone();
    }

    /** Where the key came from: "key file /etc/deployer/prod.key", "DEPLOYER_SECRETS_KEY"… */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "SecretsKey[" + (isPassphrase() ? "passphrase" : "256-bit key") + " from " + origin + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretsKey k && Arrays.equals(raw, k.raw) && Arrays.equals(passphrase, k.passphrase);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw) * 31 + Arrays.hashCode(passphrase);
    }
}
