package deployer.core.spi;

import deployer.core.model.Secret;
import deployer.core.model.SecretReference;

import java.util.Optional;
import java.util.Set;

/**
 * The secrets of the run's environment ({@code secrets/ENV.yaml.enc} beside the config), for commands that need a
 * value at execution time: {@link CommandContext#secrets()}. The engine already replaces {@code ${secret:NAME}} in a
 * task's arguments before {@code execute}; a command that renders text of its own (a config template) resolves the
 * references in it with {@link #resolve(String)}. Every value here is masked in the run's logs, errors, journal and
 * reports; a command must still never write one into a message.
 */
public interface Secrets {

    /** No secrets file: every name is unknown. */
    Secrets NONE = new Secrets() {
        @Override
        public Optional<Secret> get(String name) {
            return Optional.empty();
        }

        @Override
        public Set<String> names() {
            return Set.of();
        }

        @Override
        public String source() {
            return "no secrets file (give --environment NAME with a secrets/NAME.yaml.enc beside the config)";
        }
    };

    Optional<Secret> get(String name);

    /** Every name the file holds (never the values). */
    Set<String> names();

    /** Where the secrets came from, for messages: {@code secrets/prod.yaml.enc}. */
    String source();

    /**
     * The text with every {@code ${secret:NAME}} replaced by the secret's value.
     *
     * @throws IllegalArgumentException naming the first unknown secret (never a value)
     */
    default String resolve(String text) {
        for (String name : SecretReference.names(text)) {
            if (get(name).isEmpty()) {
                throw new IllegalArgumentException(unknown(name));
            }
        }
        return SecretReference.replace(text, n -> get(n).orElseThrow().reveal());
    }

    /** The message for a name this file does not hold. */
    default String unknown(String name) {
        return "unknown secret '" + name + "' in ${secret:" + name + "}; " + (names().isEmpty() ? source()
                : source() + " holds: " + String.join(", ", new java.util.TreeSet<>(names())));
    }
}
