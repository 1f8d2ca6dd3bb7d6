package deployer.core.config.secrets;

import deployer.core.model.InputFileException;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the key of a secrets file comes from, first found wins: {@code --secrets-key-file FILE};
 * {@code DEPLOYER_SECRETS_KEY}; {@code DEPLOYER_SECRETS_PASSPHRASE}; the config's {@code secrets_key_file}; a prompt
 * on a terminal. A key file and DEPLOYER_SECRETS_KEY hold a base64 256-bit key or a passphrase.
 */
public final class KeySources {

    public static final String KEY_ENV = "DEPLOYER_SECRETS_KEY";
    public static final String PASSPHRASE_ENV = "DEPLOYER_SECRETS_PASSPHRASE";

    private KeySources() {
    }

    /**
     * @param option     {@code --secrets-key-file}, or null
     * @param fromConfig the config's {@code secrets_key_file} (already relative to the config's directory), or null
     * @param file       the secrets file the key is for (for messages and the prompt)
     */
    public static SecretsKey find(Path option, Path fromConfig, Map<String, String> env, Console console, Path file)
            throws InputFileException {
        if (option != null) {
            return read(option, "--secrets-key-file " + option);
        }
        String key = env.get(KEY_ENV);
        if (key != null && !key.isBlank()) {
            return SecretsKey.fromText(key, KEY_ENV);
        }
        String passphrase = env.get(PASSPHRASE_ENV);
        if (passphrase != null && !passphrase.isEmpty()) {
            return SecretsKey.passphrase(passphrase.toCharArray(), PASSPHRASE_ENV);
        }
        if (fromConfig != null) {
            return read(fromConfig, "secrets_key_file " + fromConfig);
        }
        if (console != null) {
            char[] typed = console.readPassword("Passphrase for %s: ", file);
            if (typed != null && typed.length > 0) {
                return SecretsKey.passphrase(typed, "the passphrase typed");
            }
        }
        throw new InputFileException("no key for " + file, "give --secrets-key-file FILE, set secrets_key_file in the config, or set "
                + KEY_ENV + " (a key from 'deploy secrets genkey') or " + PASSPHRASE_ENV);
    }

    private static SecretsKey read(Path keyFile, String what) throws InputFileException {
        try {
            String text = Files.readString(keyFile);
            if (text.isBlank()) {
                throw new InputFileException(what, "the key file is empty");
            }
            return SecretsKey.fromText(text, "key file " + keyFile);
        } catch (NoSuchFileException e) {
            throw new InputFileException(what, "no such file");
        } catch (IOException e) {
            throw InputFileException.of(what, e);
        }
    }
}
