package deployer.core.internal.host.ssh;

import deployer.core.model.Secret;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the passphrases of encrypted private keys come from, in this order: the environment
 * ({@value #ENV}), a file ({@code ssh.passphrase_file}, first line), or a prompt on the terminal, asked once per
 * key per run. One passphrase for every key, as ssh-add's users are used to. Passphrases never reach a log.
 */
public final class Passphrases {

    public static final String ENV = "DEPLOYER_SSH_PASSPHRASE";

    /** Asks a person for the passphrase of a key; null when nobody can be asked. */
    @FunctionalInterface
    public interface Prompt {
        char[] ask(Path key);

        /** The terminal, when there is one (System.console() is null under CI, in pipes and in tests). */
        static Prompt console() {
            return key -> {
                Console c = System.console();
                return c == null ? null : c.readPassword("Passphrase for %s: ", key);
            };
        }
    }

    public static final Passphrases NONE = new Passphrases(null, null, key -> null);

    private final Secret fromEnvironment;
    private final Path file;
    private final Prompt prompt;
    private final Map<Path, Optional<char[]>> asked = new ConcurrentHashMap<>();

    public Passphrases(Secret fromEnvironment, Path file, Prompt prompt) {
        this.fromEnvironment = fromEnvironment;
        this.file = file;
        this.prompt = prompt;
    }

    /** Reads {@value #ENV} from the given environment. */
    public static Passphrases from(Map<String, String> env, Path file, Prompt prompt) {
        String value = env.get(ENV);
        return new Passphrases(value == null || value.isEmpty() ? null : Secret.of(value), file, prompt);
    }

    /** What a user can do when a key needs a passphrase we do not have. */
    String howToGiveOne() {
        return "set " + ENV + " or ssh.passphrase_file, run on a terminal to be asked, or load the key into ssh-agent";
    }

    /** What sshj asks when it meets an encrypted key, remembering whether it asked and got an answer. */
    final class Finder implements PasswordFinder {
        private final Path key;
        private boolean requested;
        private boolean answered;

        private Finder(Path key) {
            this.key = key;
        }

        @Override
        public char[] reqPassword(Resource<?> resource) {
            requested = true;
            char[] p = passphrase(key);
            answered = p != null;
            // sshj may wipe what it is given: hand it a copy.
            return p == null ? null : p.clone();
        }

        @Override
        public boolean shouldRetry(Resource<?> resource) {
            return false;
        }

        /** The key is encrypted and we had no passphrase for it. */
        boolean missing() {
            return requested && !answered;
        }

        /** The key is encrypted and a passphrase was tried. */
        boolean tried() {
            return requested && answered;
        }
    }

    /** A finder for one key; never asks a person twice for one key. */
    Finder finder(Path key) {
        return new Finder(key);
    }

    private char[] passphrase(Path key) {
        if (fromEnvironment != null) {
            return fromEnvironment.reveal().toCharArray();
        }
        if (file != null) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                int end = text.indexOf('\n');
                return (end < 0 ? text : text.substring(0, end)).replace("\r", "").toCharArray();
            } catch (IOException e) {
                // Reported by SshSettings before the run; a file removed since then reads as no passphrase.
                return null;
            }
        }
        return asked.computeIfAbsent(key, k -> Optional.ofNullable(prompt.ask(k))).orElse(null);
    }
}
